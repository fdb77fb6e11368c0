package io.procdaemon.itests.process;

import static io.procdaemon.itests.process.DistributionHome.isRunning;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.util.Map;

import org.junit.Test;

/** {@code run} in the foreground, ended by real signals sent with {@code kill}. */
public class ForegroundSignalsTest extends ProcessTestSupport {

    @Test
    public void hupIsLoggedAndTermStopsGracefullyWithExitCode0() throws Exception {
        DistributionHome.Foreground daemon = home.runInForeground(Map.of());
        daemon.awaitReady();
        assertNull("every stop signal handled:\n" + daemon.output(), DistributionHome.firstLine(daemon.output(), "SIGNAL_REGISTER_FAILED"));

        DistributionHome.kill("HUP", daemon.pid());
        daemon.awaitLine("SIGHUP received");
        assertTrue("HUP does not stop the daemon", isRunning(daemon.pid()));
        assertNull(daemon.output(), DistributionHome.firstLine(daemon.output(), "shutdown initiated"));

        DistributionHome.kill("TERM", daemon.pid());
        assertEquals("exit code after TERM; output:\n" + daemon.output(), OK, daemon.awaitExit());
        String output = daemon.output();
        assertNotNull(output, DistributionHome.firstLine(output, "shutdown initiated: reason=Signal(15)"));
        assertNotNull(output, DistributionHome.firstLine(output, "proc-daemon stopped; exit code 0"));
        assertFalse("data/daemon.pid removed", Files.exists(home.path("data/daemon.pid")));
        assertFalse("data/daemon.ready removed", Files.exists(home.path("data/daemon.ready")));
    }

    @Test
    public void intStopsGracefullyWithExitCode0() throws Exception {
        DistributionHome.Foreground daemon = home.runInForeground(Map.of());
        daemon.awaitReady();

        DistributionHome.kill("INT", daemon.pid());
        assertEquals("exit code after INT; output:\n" + daemon.output(), OK, daemon.awaitExit());
        String output = daemon.output();
        assertNotNull(output, DistributionHome.firstLine(output, "shutdown initiated: reason=Signal(2)"));
        assertNotNull(output, DistributionHome.firstLine(output, "proc-daemon stopped; exit code 0"));
        assertFalse("data/daemon.pid removed", Files.exists(home.path("data/daemon.pid")));
    }
}
