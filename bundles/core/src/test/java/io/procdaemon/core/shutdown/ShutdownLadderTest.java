package io.procdaemon.core.shutdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.procdaemon.api.ShutdownHandle;
import io.procdaemon.api.ShutdownPhase;
import io.procdaemon.api.ShutdownProgress;
import io.procdaemon.api.ShutdownReason;
import io.procdaemon.api.ShutdownTimeouts;

/**
 * The coordinator's rules. Waits are bounded by {@link #BOUND} only so that a broken build fails
 * instead of hanging; no assertion depends on how fast this machine is.
 */
class ShutdownLadderTest {

    private static final long BOUND = 10;
    private static final ShutdownTimeouts LONG = ShutdownTimeouts.ofMillis(60_000, 120_000, 180_000);
    private static final ShutdownTimeouts SHORT = ShutdownTimeouts.ofMillis(50, 100, 150);
    /** An operator's {@code daemon:shutdown -t 30s} over LONG: neither LONG nor SHORT. */
    private static final ShutdownTimeouts OPERATOR = ShutdownTimeouts.ofMillis(30_000, 90_000, 150_000);

    @Test
    void firstInitiateWinsAndKeepsItsReason() {
        ShutdownLadder ladder = new ShutdownLadder(ProcessControl.EMBEDDED, LONG);
        assertEquals(Optional.empty(), ladder.reason());
        assertTrue(ladder.initiate(ShutdownReason.signal(15)));
        assertFalse(ladder.initiate(ShutdownReason.REQUESTED));
        assertFalse(ladder.initiate(ShutdownReason.ERROR));
        assertEquals(Optional.of(ShutdownReason.signal(15)), ladder.reason());
    }

    @Test
    void everyHandleSeesShutdownAtOnce() throws InterruptedException {
        ShutdownLadder ladder = new ShutdownLadder(ProcessControl.EMBEDDED, LONG);
        List<ShutdownHandle> handles = List.of(ladder.register("a", null), ladder.register("b", null));
        for (ShutdownHandle handle : handles) {
            assertFalse(handle.isShutdown());
            assertFalse(handle.awaitShutdown(Duration.ZERO), "not yet");
            assertEquals(Optional.empty(), handle.reason());
        }
        ladder.initiate(ShutdownReason.REQUESTED);
        ShutdownHandle late = ladder.register("late", null);
        for (ShutdownHandle handle : List.of(handles.get(0), handles.get(1), late)) {
            assertTrue(handle.isShutdown());
            assertTrue(handle.awaitShutdown(Duration.ZERO));
            assertEquals(Optional.of(ShutdownReason.REQUESTED), handle.reason());
        }
    }

    /**
     * shutdownRequested() lets a participant hear of the shutdown without a thread of its own;
     * what it attached runs on a thread of the ladder's, not on the one that initiated.
     */
    @Test
    void shutdownRequestedCompletesWithTheReasonOffTheInitiatingThread() throws Exception {
        ShutdownLadder ladder = new ShutdownLadder(ProcessControl.EMBEDDED, LONG);
        ShutdownHandle handle = ladder.register("async", null);
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        handle.shutdownRequested().thenAccept(reason -> heard.add(reason + " on " + Thread.currentThread().getName()));
        assertEquals(null, heard.poll(), "not before the shutdown");
        // Read-only: completing a copy tells nobody else.
        assertTrue(handle.shutdownRequested().toCompletableFuture().complete(ShutdownReason.ERROR));
        assertEquals(null, heard.poll(), "a participant cannot complete it for the others");
        assertFalse(handle.isShutdown());

        ladder.initiate(ShutdownReason.signal(15));
        assertEquals(ShutdownReason.signal(15) + " on procdaemon-shutdown-callbacks", heard.poll(BOUND, TimeUnit.SECONDS));
        assertEquals(ShutdownReason.signal(15),
                handle.shutdownRequested().toCompletableFuture().get(BOUND, TimeUnit.SECONDS), "attached late: complete");
    }

    @Test
    void awaitShutdownWakesWhenInitiated() throws InterruptedException {
        ShutdownLadder ladder = new ShutdownLadder(ProcessControl.EMBEDDED, LONG);
        ShutdownHandle handle = ladder.register("waiter", null);
        CountDownLatch woke = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                handle.awaitShutdown();
                woke.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        assertFalse(woke.await(50, TimeUnit.MILLISECONDS), "not yet");
        ladder.initiate(ShutdownReason.REQUESTED);
        assertTrue(woke.await(BOUND, TimeUnit.SECONDS));
    }

    @Test
    void readyAccountingReportsProgressAndCompletes() {
        ShutdownLadder ladder = new ShutdownLadder(ProcessControl.EMBEDDED, LONG);
        ShutdownHandle a = ladder.register("a", null);
        ShutdownHandle b = ladder.register("b", null);
        ShutdownHandle c = ladder.register("c", null);
        ladder.initiate(ShutdownReason.REQUESTED);

        ShutdownProgress start = ladder.progress();
        assertEquals(ShutdownPhase.GRACEFUL, start.phase());
        assertEquals(3, start.registered());
        assertEquals(0, start.ready());
        assertEquals(List.of("a", "b", "c"), start.pending());

        b.ready();
        b.ready();
        ShutdownProgress middle = ladder.progress();
        assertEquals(1, middle.ready(), "ready() is idempotent");
        assertEquals(List.of("a", "c"), middle.pending());
        assertEquals(1.0 / 3, middle.fractionReady(), 1e-9);
        assertTrue(b.isReady());
        assertFalse(a.isReady());

        a.ready();
        c.ready();
        ShutdownProgress end = ladder.progress();
        assertTrue(end.allReady());
        assertEquals(ShutdownPhase.COMPLETED, end.phase());
        assertFalse(a.isForced());
    }

    @Test
    void participantReadyBeforeShutdownIsNotWaitedFor() {
        ShutdownLadder ladder = new ShutdownLadder(ProcessControl.EMBEDDED, LONG);
        ladder.register("ended-early", null).ready();
        ShutdownHandle running = ladder.register("running", null);
        assertEquals(1, ladder.progress().registered());
        ladder.initiate(ShutdownReason.REQUESTED);
        assertEquals(List.of("running"), ladder.progress().pending());
        running.ready();
        assertEquals(ShutdownPhase.COMPLETED, ladder.phase());
    }

    @Test
    void gracefulDeadlineForcesAndInterruptsWhatIsLeft() throws InterruptedException {
        ShutdownLadder ladder = new ShutdownLadder(ProcessControl.EMBEDDED, SHORT);
        CountDownLatch interrupted = new CountDownLatch(1);
        ShutdownHandle[] holder = new ShutdownHandle[1];
        Thread stubborn = new Thread(() -> {
            try {
                new CountDownLatch(1).await(); // ignores shutdown, waits for an interrupt
            } catch (InterruptedException e) {
                interrupted.countDown();
                holder[0].ready();
            }
        });
        holder[0] = ladder.register("stubborn", stubborn);
        ShutdownHandle polite = ladder.register("polite", null);
        stubborn.start();

        ladder.initiate(ShutdownReason.signal(15));
        polite.ready();
        assertFalse(holder[0].isForced(), "not before the graceful deadline");
        assertTrue(interrupted.await(BOUND, TimeUnit.SECONDS), "the stubborn worker is interrupted");
        assertTrue(holder[0].isForced());
        awaitPhase(ladder, ShutdownPhase.COMPLETED);
        assertTrue(polite.isForced(), "forced is a property of the shutdown, seen by every handle");
    }

    @Test
    void forceSkipsTheRestOfTheGracefulPhase() throws InterruptedException {
        ShutdownLadder ladder = new ShutdownLadder(ProcessControl.EMBEDDED, LONG);
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        ShutdownHandle handle = ladder.register("worker", worker);
        worker.start();
        assertFalse(ladder.force(), "nothing to force while running");
        ladder.initiate(ShutdownReason.signal(15));
        assertTrue(ladder.force());
        assertFalse(ladder.force(), "only once");
        assertTrue(handle.isForced());
        assertEquals(ShutdownPhase.FORCING, ladder.phase());
        assertTrue(interrupted.await(BOUND, TimeUnit.SECONDS));
    }

    @Test
    void theForcedHookIsCalledOnceWhenTheLadderForces() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        ShutdownLadder ladder = new ShutdownLadder(ProcessControl.EMBEDDED, LONG) {
            @Override
            protected void forced() {
                calls.incrementAndGet();
            }
        };
        ladder.register("slow", null);
        ladder.initiate(ShutdownReason.REQUESTED);
        assertEquals(0, calls.get(), "not while graceful");
        assertTrue(ladder.force());
        assertEquals(1, calls.get(), "when forced");
        assertFalse(ladder.force());
        assertEquals(1, calls.get(), "only once");
    }

    @Test
    void timeRemainingCountsDownFromInitiation() {
        ShutdownLadder ladder = new ShutdownLadder(ProcessControl.EMBEDDED, LONG);
        ShutdownHandle handle = ladder.register("a", null);
        assertEquals(LONG.graceful(), handle.timeRemaining(), "the whole graceful timeout while running");
        ladder.initiate(ShutdownReason.REQUESTED);
        Duration left = handle.timeRemaining();
        assertTrue(left.compareTo(LONG.graceful()) <= 0 && left.compareTo(Duration.ZERO) > 0, left.toString());
    }

    @Test
    void timeRemainingIsZeroPastTheGracefulDeadline() throws InterruptedException {
        ShutdownLadder ladder = new ShutdownLadder(ProcessControl.EMBEDDED, SHORT);
        ShutdownHandle handle = ladder.register("slow", null);
        ladder.initiate(ShutdownReason.REQUESTED);
        awaitPhase(ladder, ShutdownPhase.FORCING);
        assertEquals(Duration.ZERO, handle.timeRemaining());
    }

    @Test
    void newTimeoutsApplyToTheNextShutdownNotToTheOneInProgress() {
        ShutdownLadder ladder = new ShutdownLadder(ProcessControl.EMBEDDED, LONG);
        ShutdownHandle handle = ladder.register("a", null);
        ladder.initiate(ShutdownReason.REQUESTED);
        ladder.setTimeouts(SHORT);
        assertEquals(SHORT, ladder.timeouts());
        assertTrue(handle.timeRemaining().compareTo(SHORT.graceful()) > 0, "the shutdown in progress keeps its deadlines");
    }

    @Test
    void initiateWithTimeoutsUsesThemForThisShutdownOnly() {
        ShutdownLadder ladder = new ShutdownLadder(ProcessControl.EMBEDDED, LONG);
        ShutdownHandle handle = ladder.register("a", null);
        assertTrue(ladder.initiate(ShutdownReason.REQUESTED, OPERATOR));
        Duration left = handle.timeRemaining();
        assertTrue(left.compareTo(OPERATOR.graceful()) <= 0 && left.compareTo(Duration.ZERO) > 0,
                "counts down from the given graceful timeout, not the configured one: " + left);
        assertEquals(LONG, ladder.timeouts(), "the configured timeouts, for the next shutdown, are left as they are");

        ladder.setTimeouts(SHORT); // as a configuration update does
        assertEquals(SHORT, ladder.timeouts());
        left = handle.timeRemaining();
        assertTrue(left.compareTo(SHORT.graceful()) > 0 && left.compareTo(OPERATOR.graceful()) <= 0,
                "the shutdown in progress keeps the timeouts it was initiated with: " + left);
    }

    @Test
    void initiateWithTimeoutsWalksTheLadderOnThem() throws InterruptedException {
        RecordingProcess process = new RecordingProcess();
        ShutdownLadder ladder = new ShutdownLadder(process, LONG);
        ladder.register("hangs", null);
        assertTrue(ladder.initiate(ShutdownReason.signal(15), SHORT));
        // With the configured LONG timeouts none of these would come before a minute.
        assertEquals("requestExit 8", process.next(), "the given graceful deadline passed with a participant left");
        assertEquals("exitNow 8", process.next(), "the given force deadline");
        assertEquals("halt 9", process.next(), "the given kill deadline");
        assertEquals(LONG, ladder.timeouts());
    }

    @Test
    void initiateWithTimeoutsDuringAShutdownChangesNothing() {
        ShutdownLadder ladder = new ShutdownLadder(ProcessControl.EMBEDDED, LONG);
        ShutdownHandle handle = ladder.register("a", null);
        assertTrue(ladder.initiate(ShutdownReason.signal(15)));
        assertFalse(ladder.initiate(ShutdownReason.REQUESTED, SHORT));
        assertEquals(Optional.of(ShutdownReason.signal(15)), ladder.reason(), "the first reason stays");
        assertEquals(LONG, ladder.timeouts(), "the configured timeouts stay");
        assertTrue(handle.timeRemaining().compareTo(SHORT.graceful()) > 0, "the deadlines of the shutdown in progress stay");
        assertThrows(NullPointerException.class, () -> ladder.initiate(ShutdownReason.REQUESTED, null));
    }

    @Test
    void ownedProcessWalksEveryRungInOrder() throws InterruptedException {
        RecordingProcess process = new RecordingProcess();
        ShutdownLadder ladder = new ShutdownLadder(process, SHORT);
        ladder.register("hangs", null);
        ladder.initiate(ShutdownReason.signal(15));
        assertEquals("requestExit 8", process.next(), "graceful deadline passed with a participant left");
        assertEquals("exitNow 8", process.next(), "force deadline");
        assertEquals("halt 9", process.next(), "kill deadline");
    }

    @Test
    void ownedProcessStopsTheFrameworkAsSoonAsAllAreReady() throws InterruptedException {
        RecordingProcess process = new RecordingProcess();
        ShutdownLadder ladder = new ShutdownLadder(process, LONG);
        ShutdownHandle handle = ladder.register("quick", null);
        ladder.initiate(ShutdownReason.signal(2));
        assertEquals(null, process.events.poll(50, TimeUnit.MILLISECONDS), "not before the participant is ready");
        handle.ready();
        assertEquals("requestExit 0", process.next());
    }

    @Test
    void ownedProcessStillAliveAtTheGracefulDeadlineIsForcedEvenWithAllReady() throws InterruptedException {
        RecordingProcess process = new RecordingProcess();
        ShutdownLadder ladder = new ShutdownLadder(process, SHORT);
        ladder.initiate(ShutdownReason.signal(15));
        assertEquals("requestExit 0", process.next(), "no participant: stop the framework at once");
        assertEquals("requestExit 8", process.next(), "bundles still stopping at the graceful deadline");
        assertEquals("exitNow 8", process.next());
        assertEquals("halt 9", process.next());
    }

    @Test
    void aProcessAlreadyExitingAtTheGracefulDeadlineIsNotForcedButStillHaltedAtTheKillDeadline() throws InterruptedException {
        RecordingProcess process = new RecordingProcess();
        // As the launcher does: the framework stops at the first request, the launcher announces
        // code 0 and calls System.exit, and a shutdown hook holds the JVM.
        process.exitsOnRequest = true;
        ShutdownLadder ladder = new ShutdownLadder(process, SHORT);
        ladder.initiate(ShutdownReason.signal(15));
        assertEquals("requestExit 0", process.next());
        assertEquals("halt 9", process.next(), "neither forced (requestExit 8) nor exitNow 8: only the kill deadline applies");
        assertEquals(ShutdownPhase.COMPLETED, ladder.phase());
    }

    @Test
    void errorReasonExitsWithFailure() throws InterruptedException {
        RecordingProcess process = new RecordingProcess();
        new ShutdownLadder(process, LONG).initiate(ShutdownReason.ERROR);
        assertEquals("requestExit 1", process.next());
    }

    @Test
    void exitStatusTable() {
        assertEquals(0, ExitStatus.of(ShutdownReason.signal(15), false));
        assertEquals(0, ExitStatus.of(ShutdownReason.REQUESTED, false));
        assertEquals(1, ExitStatus.of(ShutdownReason.ERROR, false));
        assertEquals(1, ExitStatus.of(ShutdownReason.RESOURCE_EXHAUSTED, false));
        assertEquals(8, ExitStatus.of(ShutdownReason.signal(15), true));
        assertEquals(8, ExitStatus.of(ShutdownReason.ERROR, true));
    }

    private static void awaitPhase(ShutdownLadder ladder, ShutdownPhase phase) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND);
        while (ladder.phase() != phase) {
            assertTrue(System.nanoTime() < deadline, "phase " + phase + " not reached; still " + ladder.phase());
            Thread.onSpinWait();
        }
    }

    /** Records what the ladder asks of the process instead of ending the test JVM. */
    private static final class RecordingProcess implements ProcessControl {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        volatile boolean exitsOnRequest;
        private volatile boolean exiting;

        @Override
        public boolean exiting() {
            return exiting;
        }

        @Override
        public boolean ownsProcess() {
            return true;
        }

        @Override
        public void requestExit(int code) {
            exiting = exitsOnRequest;
            events.add("requestExit " + code);
        }

        @Override
        public void exitNow(int code) {
            events.add("exitNow " + code);
        }

        @Override
        public void halt(int code) {
            events.add("halt " + code);
        }

        String next() throws InterruptedException {
            return events.poll(BOUND, TimeUnit.SECONDS);
        }
    }
}
