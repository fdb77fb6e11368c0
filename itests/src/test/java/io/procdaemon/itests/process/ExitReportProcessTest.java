package io.procdaemon.itests.process;

import static io.procdaemon.itests.process.DistributionHome.firstLine;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.util.Map;

import org.junit.Test;

import io.procdaemon.itests.process.fixtures.ExitingBundle;
import io.procdaemon.itests.process.fixtures.HangingHookBundle;

/** What the log says about the JVM's exit itself: a hook that hangs it, an exit nobody announced. */
public class ExitReportProcessTest extends ProcessTestSupport {

    @Test
    public void aHangingShutdownHookIsNamedWithItsStack() throws Exception {
        home.deploy("hanging-hook.jar", FixtureJars.hangingHookBundle());
        DistributionHome.Foreground daemon = home.runInForeground(deadlines(300, 1000, 2000));
        daemon.awaitLine(HangingHookBundle.STARTED);
        daemon.awaitReady();

        DistributionHome.kill("TERM", daemon.pid());
        assertEquals("exit code; output:\n" + daemon.output(), KILLED, daemon.awaitExit());
        String output = daemon.output();
        String hook = firstLine(output, "'" + HangingHookBundle.HOOK_THREAD + "'");
        assertNotNull("the hook's thread named:\n" + output, hook);
        assertNotNull("with its stack:\n" + output, firstLine(output, HangingHookBundle.class.getName() + ".hang"));
        assertNull("nothing blamed on bundles:\n" + output, firstLine(output, "bundles still stopping"));
        assertNotNull("the last word gives the exit code 9:\n" + output, firstLine(output, "halting with code 9"));
    }

    @Test
    public void aBundleCallingSystemExitIsLoggedWithTheCallingThread() throws Exception {
        DistributionHome.Foreground daemon = home.runInForeground(Map.of());
        daemon.awaitReady();
        home.deploy("exiting.jar", FixtureJars.exitingBundle());

        assertEquals("exit code; output:\n" + daemon.output(), OK, daemon.awaitExit());
        String output = daemon.output();
        assertNotNull(output, firstLine(output, ExitingBundle.EXITING));
        assertNotNull("the exit reported with the calling thread:\n" + output,
                firstLine(output, "System.exit called by thread '" + ExitingBundle.EXIT_THREAD + "'"));
        assertNotNull("and its stack:\n" + output, firstLine(output, ExitingBundle.class.getName() + ".exit"));
    }
}
