package io.procdaemon.itests.framework;

import static io.procdaemon.api.SubsystemState.FAILED;
import static io.procdaemon.api.SubsystemState.RESTARTING;
import static io.procdaemon.api.SubsystemState.RUNNING;
import static io.procdaemon.api.SubsystemState.STOPPED;
import static io.procdaemon.api.SubsystemState.STOPPING;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

import io.procdaemon.api.AsyncSubsystem;
import io.procdaemon.api.RestartPolicy;
import io.procdaemon.api.ShutdownHandle;
import io.procdaemon.api.ShutdownReason;
import io.procdaemon.api.Subsystem;
import io.procdaemon.api.SubsystemInfo;

/**
 * Subsystems that hold no thread while they run ({@link AsyncSubsystem}), supervised in real
 * Felix as every other: started, stopped through their handle's stage, failed by their stage,
 * restarted by policy. Every test uses its own subsystem names.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AsyncSubsystemTest extends SupervisedServicesSupport {

    /** The supervisor's LaunchPool.STALLED_AFTER (internal to the core bundle). */
    private static final long STALLED_AFTER_MILLIS = 2000;

    /** Typed for the lambdas below: an {@link AsyncSubsystem} is registered as any subsystem. */
    private ServiceRegistration<Subsystem> register(String name, AsyncSubsystem subsystem, Object... properties) {
        return register(name, (Subsystem) subsystem, properties);
    }

    /**
     * start is called on a launch thread named as the subsystem's (so the log names it), which
     * goes back to its pool: while the subsystem runs, no thread carries its name. Asked to stop,
     * the run hears it through its handle's stage, on one of the supervisor's asynchronous threads
     * (never its loop), and ends when its own stage completes.
     */
    @Test
    public void anAsyncRunHoldsNoThreadAndStopsThroughItsStage() throws Exception {
        BlockingQueue<String> starters = new LinkedBlockingQueue<>();
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        ServiceRegistration<Subsystem> registration = register("async-idle", shutdown -> {
            starters.add(Thread.currentThread().getName());
            return shutdown.shutdownRequested().thenAccept(reason -> heard.add(reason + " on " + Thread.currentThread().getName()));
        }, "health.interval.ms", 0);
        assertEquals("start was called, on a thread named as the subsystem", "subsystem-async-idle",
                starters.poll(BOUND_SECONDS, TimeUnit.SECONDS));
        transitions.await("async-idle", RUNNING);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("subsystem-async-idle"))) {
            assertTrue("a thread still carries the subsystem's name", System.nanoTime() < deadline);
            Thread.sleep(10); // polling a condition, bounded above
        }
        assertEquals(RUNNING, supervisor.subsystem("async-idle").orElseThrow().state());

        registration.unregister(); // returns once the run has ended
        String callback = heard.poll(BOUND_SECONDS, TimeUnit.SECONDS);
        assertNotNull("the run heard the stop", callback);
        assertTrue(callback, callback.startsWith(ShutdownReason.REQUESTED + " on procdaemon-async-"));
        assertEquals(List.of(STOPPING, STOPPED), transitions.take("async-idle", 2));
    }

    /**
     * A stage completed exceptionally is a failed run: its cause (unwrapped from the
     * CompletionException a thenApply adds) is the last error, and the restart policy applies.
     */
    @Test
    public void aStageCompletedExceptionallyIsAFailureAndTheRestartPolicyApplies() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch secondRun = new CountDownLatch(1);
        register("async-flaky", new AsyncSubsystem() {
            @Override
            public CompletionStage<?> start(ShutdownHandle shutdown) {
                if (runs.incrementAndGet() == 1) {
                    return CompletableFuture.supplyAsync(() -> "connection").thenApply(connection -> {
                        throw new IllegalStateException("lost " + connection);
                    });
                }
                secondRun.countDown();
                return shutdown.shutdownRequested();
            }

            @Override
            public RestartPolicy restartPolicy() {
                return RestartPolicy.onFailure();
            }
        }, "health.interval.ms", 0, "restart.backoff.initial.ms", 10);
        SubsystemInfo failed = transitions.await("async-flaky", FAILED);
        assertEquals("java.lang.IllegalStateException: lost connection", failed.lastError().orElseThrow().message());
        transitions.await("async-flaky", RESTARTING);
        assertTrue(secondRun.await(BOUND_SECONDS, TimeUnit.SECONDS));
        assertEquals(2, runs.get());
        assertEquals(1, supervisor.subsystem("async-flaky").orElseThrow().restartCount());
    }

    /** A stage completed normally is a clean end: with policy never, the subsystem stays STOPPED. */
    @Test
    public void aStageCompletedNormallyIsACleanEnd() throws Exception {
        CompletableFuture<Void> work = new CompletableFuture<>();
        register("async-job", shutdown -> work, "health.interval.ms", 0);
        transitions.await("async-job", RUNNING);
        work.complete(null);
        SubsystemInfo stopped = transitions.await("async-job", STOPPED);
        assertTrue("no error", stopped.lastError().isEmpty());
    }

    /** start throwing, or returning null, is a failed run that names what went wrong. */
    @Test
    public void startThrowingOrReturningNullIsAFailedRun() throws Exception {
        register("async-throws", shutdown -> {
            throw new java.io.IOException("port 8080 in use");
        }, "health.interval.ms", 0);
        register("async-null", shutdown -> null, "health.interval.ms", 0);
        assertEquals("java.io.IOException: port 8080 in use",
                transitions.await("async-throws", FAILED).lastError().orElseThrow().message());
        String message = transitions.await("async-null", FAILED).lastError().orElseThrow().message();
        assertTrue(message, message.contains(".start returned null; it must return a CompletionStage"));
    }

    /**
     * Launches run on eight threads, however many subsystems are registered at once: 10,000
     * registered together had made 8,500 threads wait for the supervisor's loop (one per launch),
     * which cost the daemon seconds and hundreds of MiB. Fifty starts that block: eight in at most.
     */
    @Test
    public void atMostEightLaunchesAreInFlight() throws Exception {
        int count = 50;
        AtomicInteger inStart = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicLong firstIn = new AtomicLong();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch allStarted = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            register("async-burst-" + i, shutdown -> {
                firstIn.compareAndSet(0, System.nanoTime());
                most.accumulateAndGet(inStart.incrementAndGet(), Math::max);
                try {
                    release.await(BOUND_SECONDS, TimeUnit.SECONDS);
                } finally {
                    inStart.decrementAndGet();
                    allStarted.countDown();
                }
                return shutdown.shutdownRequested();
            }, "health.interval.ms", 0);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (inStart.get() < 8) {
            assertTrue("eight starts in flight: " + inStart.get(), System.nanoTime() < deadline);
            Thread.sleep(10); // polling a condition, bounded above
        }
        long heldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstIn.get());
        release.countDown();
        assertTrue(allStarted.await(BOUND_SECONDS, TimeUnit.SECONDS));
        // Starts held for 2 s count as stalled, and each gets a thread in its place (the next
        // test): on a machine so loaded that the eight took that long to begin, more may be in.
        if (heldMillis < STALLED_AFTER_MILLIS) {
            assertEquals("launches in flight at most", 8, most.get());
        }
        for (int i = 0; i < count; i++) {
            transitions.awaitCurrent(supervisor, "async-burst-" + i, RUNNING);
        }
    }

    /**
     * A start that blocks holds its launch thread; eight of them used to hold all eight, and every
     * subsystem registered after them waited to start, silently, for ever. A launch that has not
     * returned after 2 s is named in the log (context=start_stalled) and another thread takes
     * its place.
     */
    @Test
    public void eightStartsThatBlockDoNotHoldTheNextSubsystem() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(8);
        try {
            for (int i = 0; i < 8; i++) {
                register("async-stuck-" + i, shutdown -> {
                    blocked.countDown();
                    // Longer than the wait for the next subsystem below: released when the test ends.
                    release.await(6 * BOUND_SECONDS, TimeUnit.SECONDS);
                    return shutdown.shutdownRequested();
                }, "health.interval.ms", 0);
            }
            assertTrue("eight starts blocking", blocked.await(BOUND_SECONDS, TimeUnit.SECONDS));
            register("after-the-stuck", shutdown -> shutdown.shutdownRequested(), "health.interval.ms", 0);
            transitions.await("after-the-stuck", RUNNING);
        } finally {
            release.countDown();
        }
        for (int i = 0; i < 8; i++) {
            transitions.awaitCurrent(supervisor, "async-stuck-" + i, RUNNING);
        }
    }

    /**
     * A stop that runs out of time interrupts a start that has not returned, as it interrupts a
     * plain run's thread: the start's launch thread is no longer left to it.
     */
    @Test
    public void aForcedStopInterruptsAStartThatHasNotReturned() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        BlockingQueue<String> interrupted = new LinkedBlockingQueue<>();
        register("async-deaf", shutdown -> {
            try {
                never.await(6 * BOUND_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted.add(Thread.currentThread().getName());
                throw e;
            }
            return shutdown.shutdownRequested();
        }, "health.interval.ms", 0);
        transitions.await("async-deaf", RUNNING);
        SubsystemInfo info = supervisor.stop("async-deaf"); // graceful (5 s) runs out: forced
        assertEquals("the start was interrupted, on its launch thread", "subsystem-async-deaf",
                interrupted.poll(BOUND_SECONDS, TimeUnit.SECONDS));
        assertTrue("the run ended: " + info.state(), info.state() == STOPPED || info.state() == FAILED);
    }
}
