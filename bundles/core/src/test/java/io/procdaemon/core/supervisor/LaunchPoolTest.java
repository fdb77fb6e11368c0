package io.procdaemon.core.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.procdaemon.core.supervisor.SubsystemMachineTest.ManualClock;

/** Real threads, a clock the test moves: no launch is timed by sleeping. */
class LaunchPoolTest {

    private static final long BOUND_SECONDS = 30;

    private final ManualClock clock = new ManualClock();
    private final LaunchPool pool = new LaunchPool("test-launch", clock);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        pool.shutdown();
    }

    /**
     * Eight launches that never return (components hanging in activation) used to hold all eight
     * threads, and every subsystem registered after them waited to start, silently, for ever.
     */
    @Test
    void eightStalledLaunchesDoNotHoldTheNextOne() throws Exception {
        CountDownLatch entered = occupyEveryThread("hung-");
        CountDownLatch ninth = new CountDownLatch(1);
        pool.execute("healthy", ninth::countDown);
        assertTrue(entered.await(BOUND_SECONDS, TimeUnit.SECONDS), "eight launches begun");
        assertEquals(1, pool.queued(), "the ninth waits for a thread");
        assertEquals(LaunchPool.THREADS, pool.threads());

        clock.advance(LaunchPool.STALLED_AFTER.minusNanos(1));
        assertEquals(List.of(), pool.stalled(), "not stalled yet");
        assertEquals(1, pool.queued());

        clock.advance(Duration.ofNanos(1));
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < LaunchPool.THREADS; i++) {
            expected.add("hung-" + i);
        }
        assertEquals(expected, new HashSet<>(pool.stalled()));
        assertTrue(ninth.await(BOUND_SECONDS, TimeUnit.SECONDS), "the ninth launched on another thread");
        assertEquals(2 * LaunchPool.THREADS, pool.threads(), "one more thread per stalled launch");
        assertEquals(List.of(), pool.stalled(), "each stalled launch is named once");

        release.countDown();
        awaitCondition(() -> pool.inFlight() == 0, "the stalled launches returned");
        assertEquals(LaunchPool.THREADS, pool.threads(), "their extra threads go when they return");
    }

    @Test
    void aLaunchThatReturnedIsNeverStalled() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        pool.execute("quick", done::countDown);
        assertTrue(done.await(BOUND_SECONDS, TimeUnit.SECONDS));
        awaitCondition(() -> pool.inFlight() == 0, "the launch returned");
        clock.advance(LaunchPool.STALLED_AFTER.multipliedBy(10));
        assertEquals(List.of(), pool.stalled());
        assertEquals(LaunchPool.THREADS, pool.threads());
    }

    /** A launch queued behind busy threads is not stalled: its time counts from when it begins. */
    @Test
    void timeInTheQueueIsNotAStall() throws Exception {
        CountDownLatch entered = occupyEveryThread("busy-");
        CountDownLatch queuedBegan = new CountDownLatch(1);
        CountDownLatch queuedGoOn = new CountDownLatch(1);
        pool.execute("queued", () -> {
            queuedBegan.countDown();
            awaitQuietly(queuedGoOn);
        });
        assertTrue(entered.await(BOUND_SECONDS, TimeUnit.SECONDS));
        clock.advance(LaunchPool.STALLED_AFTER.multipliedBy(3));
        release.countDown();
        assertTrue(queuedBegan.await(BOUND_SECONDS, TimeUnit.SECONDS));
        awaitCondition(() -> pool.queued() == 0 && pool.inFlight() == 1, "only the queued launch in flight");
        assertEquals(List.of(), pool.stalled(), "it has only just begun");
        queuedGoOn.countDown();
        awaitCondition(() -> pool.inFlight() == 0, "the queued launch returned");
    }

    /** Launches as many as there are threads, each held until {@code release}; counts those begun. */
    private CountDownLatch occupyEveryThread(String prefix) {
        CountDownLatch entered = new CountDownLatch(LaunchPool.THREADS);
        for (int i = 0; i < LaunchPool.THREADS; i++) {
            pool.execute(prefix + i, () -> {
                entered.countDown();
                awaitQuietly(release);
            });
        }
        return entered;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " within " + BOUND_SECONDS + " s");
            Thread.sleep(5); // polling a condition, bounded above
        }
    }
}
