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
}
