package io.procdaemon.itests.process;

import static io.procdaemon.itests.process.DistributionHome.firstLine;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import org.junit.Test;

import io.procdaemon.itests.process.fixtures.LateStopBundle;

/**
 * Signals in the last part of a stop, after the core bundle (and its signal service) has stopped
 * and while the framework is still stopping: a fixture at start level 1 ({@link LateStopBundle})
 * holds the process there until the test releases it. The exit code the log announces must be the
 * process's exit code.
 */
public class StopSignalsProcessTest extends ProcessTestSupport {

    @Test
    public void aSecondTermLateInAStopExitsWith8AsTheLogSays() throws Exception {
        String output = signalLateInAStop("TERM", "SIGTERM received again while the daemon stops", FORCED);
        assertNotNull("the log announces the code the process exits with:\n" + output,
                firstLine(output, "proc-daemon stopped; exit code 8"));
        assertNull(output, firstLine(output, "exit code 0"));
    }

    @Test
    public void aHupLateInAStopIsIgnoredAndTheExitCodeStays0() throws Exception {
        String output = signalLateInAStop("HUP", "SIGHUP received while the daemon stops: ignored", OK);
        assertNotNull(output, firstLine(output, "proc-daemon stopped; exit code 0"));
    }

    /**
     * Stops the daemon with TERM, sends {@code signal} while the late-stop fixture holds the stop,
     * waits for the line {@code logged}, releases the fixture, and checks the exit code.
     *
     * @return the console output
     */
    private String signalLateInAStop(String signal, String logged, int expectedExitCode) throws Exception {
        DistributionHome.Foreground daemon = startAndStopUntilLateStop();

        DistributionHome.kill(signal, daemon.pid());
        daemon.awaitLineOrExit(logged);
        Files.writeString(home.path(LateStopBundle.RELEASE_FILE), "go\n");

        int code = daemon.awaitExit();
        String output = daemon.output();
        assertEquals("exit code after " + signal + " late in the stop; output:\n" + output, expectedExitCode, code);
        assertNotNull(output, firstLine(output, logged));
        return output;
    }

    /** Runs the daemon with the late-stop fixture, sends TERM, and waits until the fixture holds the stop. */
    private DistributionHome.Foreground startAndStopUntilLateStop() throws IOException, InterruptedException {
        Files.write(home.path("system/late-stop.jar"), FixtureJars.lateStopBundle().readAllBytes());
        Files.writeString(home.path("etc/startup.properties"),
                "\n# process test fixture, stopped after every bundle of the daemon\nlate-stop.jar = 1\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        DistributionHome.Foreground daemon = home.runInForeground(Map.of());
        daemon.awaitReady();
        DistributionHome.kill("TERM", daemon.pid());
        daemon.awaitLine(LateStopBundle.STOP_ENTERED);
        return daemon;
    }
}
