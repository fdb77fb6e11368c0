package io.procdaemon.itests.framework;

import static io.procdaemon.api.SubsystemState.FAILED;
import static io.procdaemon.api.SubsystemState.RESTARTING;
import static io.procdaemon.api.SubsystemState.RUNNING;
import static io.procdaemon.api.SubsystemState.STARTING;
import static io.procdaemon.api.SubsystemState.STOPPED;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.procdaemon.api.Health;
import io.procdaemon.api.RestartPolicy;
import io.procdaemon.api.ShutdownHandle;
import io.procdaemon.api.ShutdownReason;
import io.procdaemon.api.Subsystem;
import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.SubsystemListener;
import io.procdaemon.api.SubsystemState;
import io.procdaemon.api.Supervisor;

/**
 * Supervision of subsystems registered as plain services (the whiteboard accepts them as it
 * accepts DS components), in real Felix. Every test uses its own subsystem names.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SupervisorTest extends SupervisedServicesSupport {

    @Test
    public void aRegisteredSubsystemRunsUntilItsServiceGoesAway() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        BlockingQueue<Optional<ShutdownReason>> reasons = new LinkedBlockingQueue<>();
        ServiceRegistration<Subsystem> registration = register("waits", shutdown -> {
            running.countDown();
            shutdown.awaitShutdown();
            reasons.add(shutdown.reason());
            shutdown.ready();
        });
        assertTrue(running.await(BOUND_SECONDS, TimeUnit.SECONDS));
        assertEquals(RUNNING, supervisor.subsystem("waits").orElseThrow().state());

        registration.unregister();
        assertEquals("unregistering waits for the run to return", Optional.of(ShutdownReason.REQUESTED), reasons.poll());
        assertEquals(List.of(STARTING, RUNNING, io.procdaemon.api.SubsystemState.STOPPING, STOPPED), transitions.drain("waits"));
        assertEquals(Optional.empty(), supervisor.subsystem("waits"));
    }

    @Test
    public void alwaysRestartsAfterACleanReturnAndAfterAFailure() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch thirdRun = new CountDownLatch(1);
        register("always", new Subsystem() {
            @Override
            public void run(ShutdownHandle shutdown) throws Exception {
                switch (runs.incrementAndGet()) {
                    case 1 -> { }
                    case 2 -> throw new IllegalStateException("second run fails");
                    default -> {
                        thirdRun.countDown();
                        shutdown.awaitShutdown();
                    }
                }
            }

            @Override
            public RestartPolicy restartPolicy() {
                return RestartPolicy.always();
            }
        });
        assertEquals(List.of(STARTING, RUNNING, STOPPED, RESTARTING, STARTING, RUNNING, FAILED, RESTARTING, STARTING,
                RUNNING), transitions.take("always", 10));
        SubsystemInfo third = supervisor.subsystem("always").orElseThrow();
        assertEquals(RUNNING, third.state());
        assertEquals(2, third.restartCount());
        assertTrue(thirdRun.await(BOUND_SECONDS, TimeUnit.SECONDS));
        assertEquals(3, runs.get());
        SubsystemInfo.Failure error = third.lastError().orElseThrow();
        assertEquals("java.lang.IllegalStateException: second run fails", error.message());
        assertTrue(error.stackTrace(), error.stackTrace().contains("SupervisorTest"));
        assertEquals(2, third.restarts().size());
    }

    @Test
    public void onFailureRestartsAFailureButNotACleanEnd() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        register("transient", shutdown -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("first run fails");
            }
        }, "restart.policy", "onFailure");
        assertEquals(List.of(STARTING, RUNNING, FAILED, RESTARTING, STARTING, RUNNING, STOPPED),
                transitions.take("transient", 7));
        SubsystemInfo info = supervisor.subsystem("transient").orElseThrow();
        assertEquals(STOPPED, info.state());
        assertEquals(1, info.restartCount());
        assertEquals(RestartPolicy.onFailure(), info.policy());
    }

    @Test
    public void neverLeavesAFailureFailed() throws Exception {
        register("temporary", shutdown -> {
            throw new IllegalStateException("fails once, for good");
        });
        assertEquals(List.of(STARTING, RUNNING, FAILED), transitions.take("temporary", 3));
        assertEquals(0, supervisor.subsystem("temporary").orElseThrow().restartCount());
    }

    @Test
    public void servicePropertiesOverrideTheCodesPolicy() throws Exception {
        register("override", new Subsystem() {
            @Override
            public void run(ShutdownHandle shutdown) {
                // Returns at once: a clean end.
            }

            @Override
            public RestartPolicy restartPolicy() {
                return RestartPolicy.always();
            }
        }, "restart.policy", "onFailure");
        SubsystemInfo stopped = transitions.await("override", STOPPED);
        assertEquals(RestartPolicy.onFailure(), stopped.policy());
        assertEquals(0, stopped.restartCount());
        assertEquals(List.of(), transitions.drain("override"));
    }

    @Test
    public void restartIntensityStopsALoopAndSaysSo() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        register("looping", shutdown -> runs.incrementAndGet(),
                "restart.policy", "always", "restart.intensity", 3, "restart.period.ms", "60000");
        for (int i = 0; i < 4; i++) {
            transitions.await("looping", STOPPED);
        }
        SubsystemInfo failed = transitions.await("looping", FAILED);
        assertEquals(3, failed.restartCount());
        assertEquals(4, runs.get());
        assertTrue(failed.lastError().orElseThrow().message(),
                failed.lastError().orElseThrow().message().startsWith("reached_max_restart_intensity"));
        assertFalse(transitions.drain("looping").contains(RESTARTING));
    }

    @Test
    public void backoffGivesUpAfterMaxAttemptsWithAFreshRunEachTime() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        register("backoff", shutdown -> {
            throw new IllegalStateException("run " + runs.incrementAndGet());
        }, "restart.policy", "exponentialBackoff", "restart.backoff.initial.ms", 10, "restart.backoff.max.ms", 40,
                "restart.backoff.attempts", 3);
        SubsystemInfo last = null;
        for (int i = 1; i <= 4; i++) {
            last = transitions.await("backoff", FAILED);
            assertEquals("java.lang.IllegalStateException: run " + i, last.lastError().orElseThrow().message());
        }
        assertEquals(List.of(), transitions.drain("backoff"));
        assertEquals(3, last.restartCount());
        assertEquals(3, last.restarts().size());
        for (int i = 0; i < 3; i++) {
            long delay = last.restarts().get(i).delayMillis();
            long full = 10L << i;
            assertTrue("delay " + delay + " within 20 % under " + full, delay <= full && delay >= full * 8 / 10 - 1);
        }
    }

    /**
     * A health() that never returns (and ignores interrupts) once leaked a thread per check: at
     * most one check is in flight, and while it hangs each later check counts as failed.
     */
    @Test
    public void aHungHealthCheckHoldsOneThreadAndCountsAsFailed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        register("hung", new Subsystem() {
            @Override
            public void run(ShutdownHandle shutdown) throws InterruptedException {
                shutdown.awaitShutdown();
            }

            @Override
            public Health health() {
                calls.incrementAndGet();
                while (release.getCount() > 0) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        // hung for good: ignores the interrupt
                    }
                }
                return Health.healthy();
            }
        }, "restart.policy", "never", "health.interval.ms", 20, "health.timeout.ms", 10, "health.failures", 5);
        try {
            SubsystemInfo failed = transitions.await("hung", FAILED);
            assertTrue(failed.lastError().orElseThrow().message(), failed.lastError().orElseThrow().message()
                    .startsWith("unhealthy: 5 failed health check(s) in a row"));
            assertEquals("one check ran; the four after it found it still hung", 1, calls.get());
            long healthThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().startsWith("health-hung")).count();
            assertTrue(healthThreads + " health threads", healthThreads <= 1);
        } finally {
            release.countDown();
        }
    }

    @Test
    public void failedHealthChecksFailTheRunAndThePolicyApplies() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        register("sick", new Subsystem() {
            @Override
            public void run(ShutdownHandle shutdown) throws InterruptedException {
                runs.incrementAndGet();
                shutdown.awaitShutdown();
            }

            @Override
            public Health health() {
                return Health.unhealthy("database unreachable");
            }
        }, "restart.policy", "onFailure", "health.interval.ms", 20, "health.failures", 2, "restart.intensity", 1);
        SubsystemInfo failed = transitions.await("sick", FAILED);
        assertTrue(failed.lastError().orElseThrow().message(), failed.lastError().orElseThrow().message()
                .startsWith("unhealthy: 2 failed health check(s) in a row; last: database unreachable"));
        transitions.await("sick", FAILED);
        assertEquals(2, runs.get());
        assertFalse(supervisor.health().isHealthy());
        assertTrue(supervisor.health().detail(), supervisor.health().detail().contains("sick is FAILED"));
    }

    @Test
    public void aHealthCheckThatHangsCountsAsUnhealthy() throws Exception {
        register("hangs", new Subsystem() {
            @Override
            public void run(ShutdownHandle shutdown) throws InterruptedException {
                shutdown.awaitShutdown();
            }

            @Override
            public Health health() throws InterruptedException {
                new CountDownLatch(1).await(1, TimeUnit.MINUTES);
                return Health.healthy();
            }
        }, "health.interval.ms", 20, "health.timeout.ms", 30, "health.failures", 1);
        SubsystemInfo failed = transitions.await("hangs", FAILED);
        assertTrue(failed.lastError().orElseThrow().message(),
                failed.lastError().orElseThrow().message().contains("health check took longer than 30 ms"));
    }

    @Test
    public void everyTransitionIsPostedOnEventAdmin() throws Exception {
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        Dictionary<String, Object> handlerProperties = new Hashtable<>();
        handlerProperties.put(EventConstants.EVENT_TOPIC, Supervisor.TOPIC_PREFIX + "*");
        handlerProperties.put(EventConstants.EVENT_FILTER, "(" + Supervisor.EVENT_NAME + "=evented)");
        registrations.add(context.registerService(EventHandler.class, (EventHandler) events::add, handlerProperties));
        register("evented", shutdown -> {
            throw new IllegalArgumentException("boom");
        });
        List<String> topics = new ArrayList<>();
        Event failed = null;
        while (failed == null) {
            Event event = events.poll(BOUND_SECONDS, TimeUnit.SECONDS);
            assertNotNull("events so far: " + topics, event);
            topics.add(event.getTopic());
            if (event.getTopic().endsWith("/FAILED")) {
                failed = event;
            }
        }
        assertEquals(List.of(Supervisor.TOPIC_PREFIX + "STARTING", Supervisor.TOPIC_PREFIX + "RUNNING",
                Supervisor.TOPIC_PREFIX + "FAILED"), topics);
        assertEquals("FAILED", failed.getProperty(Supervisor.EVENT_STATE));
        assertEquals("RUNNING", failed.getProperty(Supervisor.EVENT_PREVIOUS_STATE));
        assertEquals("java.lang.IllegalArgumentException: boom", failed.getProperty(Supervisor.EVENT_ERROR));
        assertTrue(failed.getProperty(Supervisor.EVENT_ID) instanceof Long);
    }

    /**
     * Issue 10: listeners were called with the changing subsystem's lock held, so a listener that
     * read the supervisor while another subsystem changed state deadlocked both; and one
     * subsystem's RESTARTING and STARTING could reach listeners swapped. Three subsystems restart
     * as fast as they can while a listener reads the supervisor on every change and checks that
     * each change starts where that subsystem's previous one ended.
     */
    @Test
    public void aListenerMayReadTheSupervisorAndHearsEachSubsystemsChangesInOrder() throws Exception {
        AtomicInteger heard = new AtomicInteger();
        Map<String, SubsystemState> last = new ConcurrentHashMap<>();
        List<String> outOfOrder = new CopyOnWriteArrayList<>();
        registrations.add(context.registerService(SubsystemListener.class, (info, previous) -> {
            if (!info.name().startsWith("flap-")) {
                return;
            }
            supervisor.subsystems();
            SubsystemState before = last.put(info.name(), info.state());
            if (before != null && before != previous) {
                outOfOrder.add(info.name() + ": " + before + " then " + previous + " -> " + info.state());
            }
            heard.incrementAndGet();
        }, null));
        List<ServiceRegistration<Subsystem>> flapping = new ArrayList<>();
        for (String name : List.of("flap-a", "flap-b", "flap-c")) {
            flapping.add(register(name, shutdown -> { }, "restart.policy", "always", "restart.intensity", 1_000_000,
                    "restart.period.ms", 1, "health.interval.ms", 0));
        }
        ExecutorService probe = Executors.newSingleThreadExecutor();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS * 3);
            while (heard.get() < 3000 && System.nanoTime() < deadline) {
                Thread.sleep(10); // polls a condition, bounded above
            }
            assertTrue("listeners heard only " + heard.get() + " changes (deadlocked?)", heard.get() >= 3000);
            Future<List<SubsystemInfo>> answer = probe.submit(() -> supervisor.subsystems());
            assertFalse(answer.get(BOUND_SECONDS, TimeUnit.SECONDS).isEmpty());
            assertEquals(List.of(), outOfOrder);
        } finally {
            probe.shutdownNow();
            flapping.forEach(ServiceRegistration::unregister);
        }
    }

    @Test
    public void aDuplicateNameDoesNotRun() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        AtomicInteger secondRuns = new AtomicInteger();
        register("twin", shutdown -> {
            first.countDown();
            shutdown.awaitShutdown();
        });
        assertTrue(first.await(BOUND_SECONDS, TimeUnit.SECONDS));
        long firstId = supervisor.subsystem("twin").orElseThrow().id();
        register("twin", shutdown -> secondRuns.incrementAndGet());
        register("witness", ShutdownHandle::awaitShutdown);
        transitions.await("witness", RUNNING);
        assertEquals(0, secondRuns.get());
        assertEquals(firstId, supervisor.subsystem("twin").orElseThrow().id());
        assertEquals(1, supervisor.subsystems().stream().filter(s -> s.name().equals("twin")).count());
    }

    @Test
    public void badPropertiesAreReportedAndDefaultsUsed() throws Exception {
        register("odd", ShutdownHandle::awaitShutdown, "restart.policy", "sometimes", "restart.intensity", "many");
        SubsystemInfo running = transitions.await("odd", RUNNING);
        assertEquals(RestartPolicy.never(), running.policy());
    }
}
