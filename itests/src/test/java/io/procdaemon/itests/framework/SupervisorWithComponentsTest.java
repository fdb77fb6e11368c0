package io.procdaemon.itests.framework;

import static io.procdaemon.api.SubsystemState.FAILED;
import static io.procdaemon.api.SubsystemState.RUNNING;
import static io.procdaemon.api.SubsystemState.STOPPED;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;

import io.procdaemon.api.ShutdownCoordinator;
import io.procdaemon.api.ShutdownHandle;
import io.procdaemon.api.ShutdownReason;
import io.procdaemon.api.Subsystem;
import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.SubsystemListener;
import io.procdaemon.api.Supervisor;

/**
 * Supervision of real DS components: the examples bundle (heartbeat, flaky, clock and reporter)
 * under real SCR. A fresh framework per test, since tests shut the daemon down.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class SupervisorWithComponentsTest extends InFrameworkTestSupport {

    private final Transitions transitions = new Transitions();

    @Override
    protected Option[] extraOptions() {
        Path examples = Path.of(System.getProperty("procdaemon.fixtures"), "proc-daemon-examples.jar");
        return new Option[] {bundle(examples.toUri().toString()).startLevel(80).start()};
    }

    @Before
    public void listen() {
        context.registerService(SubsystemListener.class, transitions, null);
    }

    @Test
    public void eachRestartRunsAFreshComponentInstance() throws Exception {
        SubsystemInfo first = transitions.await("flaky", FAILED);
        SubsystemInfo second = transitions.await("flaky", FAILED);
        String firstError = first.lastError().orElseThrow().message();
        String secondError = second.lastError().orElseThrow().message();
        assertTrue(firstError, firstError.matches(".*flaky instance \\d+ failed.*"));
        assertNotEquals("a new instance of the component ran", firstError, secondError);
        // The listener may come after flaky's first failure (it fails 0.5 s after it starts, and a
        // loaded machine can take longer to run this test): count from the first one heard.
        assertEquals(first.restartCount() + 1, second.restartCount());
    }

    @Test
    public void shutdownStopsUsersBeforeTheServicesTheyUse() throws Exception {
        Supervisor supervisor = service(Supervisor.class);
        transitions.awaitCurrent(supervisor, "clock", RUNNING);
        transitions.awaitCurrent(supervisor, "reporter", RUNNING);
        transitions.awaitCurrent(supervisor, "heartbeat", RUNNING);
        transitions.order();
        service(ShutdownCoordinator.class).initiate(ShutdownReason.REQUESTED);
        transitions.await("clock", STOPPED);
        List<String> order = transitions.order();
        int reporterStopped = order.indexOf("reporter:STOPPED");
        int clockStopping = order.indexOf("clock:STOPPING");
        assertTrue(order.toString(), reporterStopped >= 0 && clockStopping > reporterStopped);
        assertTrue("independent subsystems stop in the first wave too: " + order,
                order.indexOf("heartbeat:STOPPING") < clockStopping);
        assertEquals(STOPPED, supervisor.subsystem("reporter").orElseThrow().state());
    }

    @Test
    public void reachingTheIntensityCanShutTheDaemonDown() throws Exception {
        ShutdownHandle observer = service(ShutdownCoordinator.class).register("observer", null);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Subsystem.NAME_PROPERTY, "escalating");
        properties.put("restart.policy", "always");
        properties.put("restart.intensity", 1);
        properties.put("restart.escalate", true);
        context.registerService(Subsystem.class, shutdown -> { }, properties);
        assertTrue(observer.awaitShutdown(Duration.ofSeconds(BOUND_SECONDS)));
        assertEquals(Optional.of(ShutdownReason.ERROR), observer.reason());
        observer.ready();
    }

    /**
     * A wave of more than 50 writes one summary line instead of a STOPPING and a STOPPED line per
     * subsystem (10,000 subsystems had written 20,000 lines, most of a mass stop's time); a
     * failure in it is still written, and a small wave (the clock's) line by line.
     */
    @Test
    public void aLargeShutdownWaveIsSummarisedButItsFailuresAreWritten() throws Exception {
        Supervisor supervisor = service(Supervisor.class);
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.procdaemon.supervisor");
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            for (int i = 0; i < 60; i++) {
                Dictionary<String, Object> properties = new Hashtable<>();
                properties.put(Subsystem.NAME_PROPERTY, "bulk-" + i);
                properties.put("health.interval.ms", 0);
                context.registerService(Subsystem.class, (io.procdaemon.api.AsyncSubsystem) ShutdownHandle::shutdownRequested,
                        properties);
            }
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(Subsystem.NAME_PROPERTY, "fails-at-stop");
            context.registerService(Subsystem.class, shutdown -> {
                shutdown.awaitShutdown();
                throw new IllegalStateException("could not flush");
            }, properties);
            for (int i = 0; i < 60; i++) {
                transitions.awaitCurrent(supervisor, "bulk-" + i, RUNNING);
            }
            transitions.awaitCurrent(supervisor, "clock", RUNNING);
            transitions.awaitCurrent(supervisor, "fails-at-stop", RUNNING);
            lines.clear();

            service(ShutdownCoordinator.class).initiate(ShutdownReason.REQUESTED);
            transitions.await("clock", STOPPED);
            List<String> written = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
            while (written.stream().noneMatch(line -> line.contains("subsystem=clock") && line.contains("state=STOPPED"))) {
                String line = lines.poll(deadline - System.nanoTime(), java.util.concurrent.TimeUnit.NANOSECONDS);
                assertTrue("no STOPPED line for the clock: " + written, line != null);
                written.add(line);
            }
            String all = String.join("\n", written);
            assertTrue(all, written.stream().noneMatch(line -> line.startsWith("subsystem=bulk-")));
            assertTrue(all, written.stream().anyMatch(line -> line.contains("stopping=[") && line.contains(", and 44 more]")));
            assertTrue(all, written.stream().anyMatch(line -> line.matches("supervisor context=shutdown reason=\"Requested\""
                    + " stopped=64 of 64 in \\d+ ms \\(\\d+ STOPPING and STOPPED lines summarised here; FAILED ones are written\\)")));
            assertTrue(all, written.stream().anyMatch(line -> line.startsWith("subsystem=fails-at-stop")
                    && line.contains("state=FAILED") && line.contains("could not flush")));
            assertTrue(all, written.stream().anyMatch(line -> line.startsWith("subsystem=clock") && line.contains("state=STOPPING")));
        } finally {
            log.removeHandler(capture);
        }
    }
}
