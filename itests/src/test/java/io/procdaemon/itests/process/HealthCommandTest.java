package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/**
 * {@code bin/proc-daemon health} and the health line of {@code status}: what a script or an exec
 * probe reads. Before, {@code client daemon:status} exited 0 while printing
 * {@code health unhealthy: flaky is FAILED}, and there was no health command.
 */
public class HealthCommandTest extends ProcessTestSupport {

    @Test
    public void healthExitsZeroWhenReadyOneWhenACriticalSubsystemFailedAndThreeWhenNotRunning() throws Exception {
        home.launcher("health").assertExit(NOT_RUNNING);

        home.launcher("start").assertExit(OK);
        DistributionHome.Result ready = home.launcher("health").assertExit(OK);
        assertTrue(ready.output(), ready.output().startsWith("ready: UP, ready (0 subsystems)"));
        DistributionHome.Result status = home.launcher("status").assertExit(OK);
        assertTrue(status.output(), status.output().contains("health: ready: UP, ready (0 subsystems)"));
        home.launcher("health", "live").assertExit(OK);
        home.launcher("health", "started").assertExit(OK);
        DistributionHome.Result unknown = home.launcher("health", "alive");
        assertEquals(unknown.output(), FAILURE, unknown.exitCode());
        assertTrue(unknown.output(), unknown.output().contains("unknown probe 'alive'; one of: ready, live, started"));

        // The examples' flaky fails at every run and, its restarts spent, stays FAILED; it is critical.
        home.deploy("examples.jar", DistributionHome.examplesJar());
        home.awaitLogLine("subsystem=flaky id=");
        // While flaky restarts it is RUNNING now and then, and the daemon healthy for that moment.
        java.util.concurrent.atomic.AtomicReference<DistributionHome.Result> last = new java.util.concurrent.atomic.AtomicReference<>();
        DistributionHome.await("bin/proc-daemon health to exit 1", () -> {
            try {
                last.set(home.launcher("health"));
                return last.get().exitCode() == FAILURE;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, home::log);
        String down = last.get().output();
        assertTrue(down, down.contains("ready: DOWN, ") && down.contains("flaky"));
        assertTrue(down, down.matches("(?s).*\\bflaky\\s+(FAILED|RESTARTING|STARTING)\\b.*"));
        home.launcher("health", "live").assertExit(OK);

        home.launcher("stop").assertExit(OK);
        home.launcher("health").assertExit(NOT_RUNNING);
    }
}
