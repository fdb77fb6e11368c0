package io.procdaemon.itests.framework;

import static io.procdaemon.api.SubsystemState.RUNNING;
import static io.procdaemon.api.SubsystemState.STOPPED;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.procdaemon.api.ShutdownCoordinator;
import io.procdaemon.api.ShutdownHandle;
import io.procdaemon.api.ShutdownTimeouts;
import io.procdaemon.api.Subsystem;
import io.procdaemon.api.SubsystemListener;
import io.procdaemon.api.Supervisor;

/**
 * A real {@code daemon:shutdown -t}, in a framework of its own: the tests' framework has no
 * launcher, so the shutdown ladder runs with the embedded process control (it stops the
 * participants and never exits the JVM), and the daemon stays shut down for the rest of the class.
 * Hence one test.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DaemonShutdownCommandTest extends InFrameworkTestSupport {

    /** etc/daemon.toml at boot; hot_reload so that a change to it is applied during the test. */
    private static final ShutdownTimeouts CONFIGURED = ShutdownTimeouts.ofMillis(3000, 7000, 9000);

    @Override
    protected Option[] extraOptions() {
        return withDaemonToml(String.join("\n", "hot_reload = true", "[shutdown]", "graceful = 3000", "force = 7000", "kill = 9000", ""));
    }

    @Test
    public void shutdownWithATimeoutUsesItForThisShutdownOnlyAndStopsTheSubsystems() throws Exception {
        ShutdownCoordinator coordinator = service(ShutdownCoordinator.class);
        Supervisor supervisor = service(Supervisor.class);
        awaitTimeouts(coordinator, CONFIGURED);
        // A participant of the test's own: its handle tells the graceful deadline of the shutdown in progress
        ShutdownHandle probe = coordinator.register("probe", null);
        Transitions transitions = new Transitions();
        context.registerService(SubsystemListener.class, transitions, null);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Subsystem.NAME_PROPERTY, "until-shutdown");
        properties.put("restart.policy", "always");
        context.registerService(Subsystem.class, shutdown -> shutdown.awaitShutdown(), properties);
        transitions.awaitCurrent(supervisor, "until-shutdown", RUNNING);

        // Bad input first: it changes nothing
        Exception bad = assertThrows(Exception.class, () -> run("daemon:shutdown -t 2x"));
        assertEquals("--timeout '2x' is not a duration; use milliseconds (2000) or a unit: 500ms, 2s, 1m", bad.getMessage());
        assertFalse(coordinator.isShutdown());

        // The graceful timeout is the one given; force and kill keep their distance after it
        assertEquals("shutdown initiated: graceful 60000 ms, force 64000 ms, kill 66000 ms", run("daemon:shutdown -t 60s"));
        assertTrue(coordinator.isShutdown());
        assertOperatorsGracefulTimeout(probe, "the shutdown in progress counts down from the operator's 60 s");
        assertEquals("-t is for this shutdown only: the configured timeouts stay", CONFIGURED, coordinator.timeouts());
        transitions.await("until-shutdown", STOPPED);

        // etc/daemon.toml changes while shutting down: the configured timeouts follow it, this shutdown does not
        ShutdownTimeouts edited = ShutdownTimeouts.ofMillis(1000, 2000, 3000);
        writeConfigFile("daemon.toml", String.join("\n", "hot_reload = true", "[shutdown]", "graceful = 1000", "force = 2000", "kill = 3000", ""));
        awaitTimeouts(coordinator, edited);
        assertOperatorsGracefulTimeout(probe, "a configuration update does not replace the operator's timeout");
        probe.ready();

        String status = run("daemon:status");
        assertTrue(status, status.contains("state       shutting down: "));
        assertTrue("status shows the configured timeouts: " + status, status.contains("shutdown    graceful 1000 ms, force 2000 ms, kill 3000 ms"));
        assertTrue(run("daemon:shutdown -t 1s").startsWith("already shutting down: "));
        assertEquals("a second shutdown changes no timeout", edited, coordinator.timeouts());
        assertOperatorsGracefulTimeout(probe, "a second shutdown changes the one in progress neither");
        Exception late = assertThrows(Exception.class, () -> run("daemon:start until-shutdown"));
        assertEquals("the daemon is shutting down; subsystem 'until-shutdown' is not started", late.getMessage());
    }

    /**
     * More left than the configured 3 s shows the operator's 60 s are in force (not a timing
     * assertion: it holds unless this test took 57 s to get here).
     */
    private static void assertOperatorsGracefulTimeout(ShutdownHandle probe, String message) {
        Duration left = probe.timeRemaining();
        assertTrue(message + "; time left " + left,
                left.compareTo(CONFIGURED.graceful()) > 0 && left.compareTo(Duration.ofSeconds(60)) <= 0);
    }

    /** The daemon's configuration reaches the coordinator asynchronously after boot. */
    private static void awaitTimeouts(ShutdownCoordinator coordinator, ShutdownTimeouts expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!coordinator.timeouts().equals(expected)) {
            assertTrue("timeouts " + coordinator.timeouts() + ", never " + expected, System.nanoTime() < deadline);
            Thread.sleep(Duration.ofMillis(20).toMillis());
        }
    }
}
