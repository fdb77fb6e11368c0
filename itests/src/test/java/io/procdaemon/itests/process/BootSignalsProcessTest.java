package io.procdaemon.itests.process;

import static io.procdaemon.itests.process.DistributionHome.firstLine;
import static io.procdaemon.itests.process.DistributionHome.isRunning;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.util.Map;

import org.junit.Test;

/**
 * Signals that reach {@code run} while it boots: as soon as the JVM holds the instance lock
 * (data/daemon.pid written, the framework not even created), TERM and INT stop it gracefully and
 * HUP is a logged no-op; none of them may end it with the JVM's default 128 + n.
 */
public class BootSignalsProcessTest extends ProcessTestSupport {

    @Test
    public void termDuringBootStopsGracefullyWithExitCode0() throws Exception {
        assertStopDuringBoot("TERM");
    }

    @Test
    public void intDuringBootStopsGracefullyWithExitCode0() throws Exception {
        assertStopDuringBoot("INT");
    }

    @Test
    public void hupDuringBootIsLoggedAndTheDaemonBecomesReady() throws Exception {
        DistributionHome.Foreground daemon = home.runInForeground(Map.of());
        daemon.awaitPidFile();

        DistributionHome.kill("HUP", daemon.pid());
        daemon.awaitLineOrExit("SIGHUP received during boot");
        assertTrue("HUP during boot must not end the daemon; output:\n" + daemon.output(), daemon.isAlive());
        daemon.awaitReady();
        assertTrue(isRunning(daemon.pid()));

        DistributionHome.kill("TERM", daemon.pid());
        assertEquals("exit code after TERM; output:\n" + daemon.output(), OK, daemon.awaitExit());
    }

    private void assertStopDuringBoot(String signal) throws Exception {
        DistributionHome.Foreground daemon = home.runInForeground(Map.of());
        daemon.awaitPidFile();

        DistributionHome.kill(signal, daemon.pid());
        int code = daemon.awaitExit();
        String output = daemon.output();
        assertEquals("exit code after " + signal + " during boot; output:\n" + output, OK, code);
        assertNotNull("a line saying the signal came during boot:\n" + output,
                firstLine(output, "SIG" + signal + " received during boot"));
        assertNotNull(output, firstLine(output, "exit code 0"));
        assertNull("never announced ready:\n" + output, firstLine(output, "proc-daemon ready in"));
        assertFalse("data/daemon.pid removed", Files.exists(home.path("data/daemon.pid")));
        assertFalse("data/daemon.ready never written", Files.exists(home.path("data/daemon.ready")));

        // The lock is released and the framework cache left usable: the next run boots.
        DistributionHome.Foreground next = home.runInForeground(Map.of());
        next.awaitReady();
        DistributionHome.kill("TERM", next.pid());
        assertEquals("exit code of the next run; output:\n" + next.output(), OK, next.awaitExit());
    }
}
