package io.procdaemon.core.shutdown;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.procdaemon.api.ShutdownCoordinator;
import io.procdaemon.api.ShutdownHandle;
import io.procdaemon.api.ShutdownPhase;
import io.procdaemon.api.ShutdownProgress;
import io.procdaemon.api.ShutdownReason;
import io.procdaemon.api.ShutdownTimeouts;

/**
 * The shutdown coordinator's rules, free of OSGi so they can be tested alone.
 *
 * <p>Deadlines are computed once, at initiation, on {@link System#nanoTime()}, from the timeouts
 * given to {@link #initiate(ShutdownReason, ShutdownTimeouts)}, else from the configured timeouts
 * in force at that moment; {@link #setTimeouts} changes only the configured ones. One thread
 * ({@code procdaemon-shutdown}) walks the ladder:
 * <ol>
 * <li>Wait until every participant is ready, the graceful deadline passes, or {@link #force()} is
 * called.</li>
 * <li>Ask the process owner to stop the framework with the exit code of the outcome so far.</li>
 * <li>At the graceful deadline, if the process is still there or participants are left: force them
 * (handles report forced, workers are interrupted) and change the exit code to FORCED.</li>
 * <li>At the force deadline, if the process is still there: exit without waiting; a watchdog halts
 * the JVM at the kill deadline should exiting itself hang.</li>
 * </ol>
 * If at the graceful or force deadline the JVM is already exiting (the launcher called
 * {@code System.exit} once the framework had stopped, and a shutdown hook holds the exit), nothing
 * is forced and no other exit code is asked for: the ladder only halts at the kill deadline.
 * Embedded (no process owner) the ladder stops after forcing: it never exits the JVM.
 */
public class ShutdownLadder implements ShutdownCoordinator {

    private static final System.Logger LOG = System.getLogger("io.procdaemon.shutdown");

    private final ProcessControl process;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a participant becomes ready or the ladder is forced. */
    private final Condition changed = lock.newCondition();
    private final CountDownLatch initiated = new CountDownLatch(1);
    /** Completed with the reason when the shutdown begins, on a thread of its own (see {@link #start}). */
    private final CompletableFuture<ShutdownReason> initiatedStage = new CompletableFuture<>();

    // Guarded by lock. Participants that are not ready, in registration order; one that is ready
    // before shutdown is forgotten, so restarts do not accumulate handles.
    private final Set<ParticipantHandle> pending = new LinkedHashSet<>();
    private int readyDuringShutdown;

    private volatile ShutdownTimeouts timeouts;
    private volatile ShutdownReason reason;
    private volatile ShutdownTimeouts activeTimeouts;
    private volatile long initiatedAtNanos;
    private volatile ShutdownPhase phase = ShutdownPhase.RUNNING;
    /** When the ladder was forced; 0 while it was not. */
    private volatile long forcedAtNanos;

    /**
     * @param process what the ladder may do to the process
     * @param timeouts the initial timeouts
     */
    public ShutdownLadder(ProcessControl process, ShutdownTimeouts timeouts) {
        this.process = Objects.requireNonNull(process, "process");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    }

    @Override
    public ShutdownHandle register(String name, Thread worker) {
        Objects.requireNonNull(name, "name");
        ParticipantHandle handle = new ParticipantHandle(this, name, worker);
        lock.lock();
        try {
            pending.add(handle);
        } finally {
            lock.unlock();
        }
        return handle;
    }

    @Override
    public boolean initiate(ShutdownReason newReason) {
        return start(newReason, null);
    }

    @Override
    public boolean initiate(ShutdownReason newReason, ShutdownTimeouts thisShutdown) {
        return start(newReason, Objects.requireNonNull(thisShutdown, "timeouts"));
    }

    /**
     * The first call wins. Under one hold of the lock it decides that, and fixes the timeouts of its
     * shutdown: {@code given}, or if {@code null} the configured ones as they are at that moment. A
     * concurrent {@link #setTimeouts} lands before (and counts only if nothing was given) or after
     * (and counts for nothing in progress); it never replaces {@code given}.
     */
    private boolean start(ShutdownReason newReason, ShutdownTimeouts given) {
        Objects.requireNonNull(newReason, "reason");
        ShutdownTimeouts configured;
        lock.lock();
        try {
            if (reason != null) {
                LOG.log(INFO, "shutdown already in progress (reason={0}); ignoring request with reason={1}",
                        reason, newReason);
                return false;
            }
            configured = timeouts;
            activeTimeouts = given == null ? configured : given;
            initiatedAtNanos = System.nanoTime();
            reason = newReason;
            phase = ShutdownPhase.GRACEFUL;
        } finally {
            lock.unlock();
        }
        initiated.countDown();
        // Actions attached to a handle's shutdownRequested() are participants' code: they run on a
        // thread of their own, never on the one initiating (a signal's, an operator's) nor the
        // ladder's, which must keep its deadlines.
        Thread callbacks = new Thread(() -> initiatedStage.complete(newReason), "procdaemon-shutdown-callbacks");
        callbacks.setDaemon(true);
        callbacks.start();
        ShutdownTimeouts t = activeTimeouts;
        int participants = pendingCount();
        LOG.log(INFO, () -> "shutdown initiated: reason=" + newReason + " " + describe(t)
                + (given == null ? "" : " (for this shutdown only; configured: " + describe(configured) + ")")
                + " participants=" + participants);
        Thread ladder = new Thread(this::walkLadder, "procdaemon-shutdown");
        ladder.setDaemon(true);
        ladder.start();
        return true;
    }

    @Override
    public boolean force() {
        lock.lock();
        try {
            if (phase != ShutdownPhase.GRACEFUL) {
                return false;
            }
            forceLocked("forced before the graceful deadline");
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isShutdown() {
        return reason != null;
    }

    @Override
    public Optional<ShutdownReason> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public ShutdownTimeouts timeouts() {
        return timeouts;
    }

    @Override
    public void setTimeouts(ShutdownTimeouts newTimeouts) {
        this.timeouts = Objects.requireNonNull(newTimeouts, "timeouts");
        LOG.log(INFO, () -> "shutdown timeouts set: " + describe(newTimeouts)
                + (isShutdown() ? " (the shutdown in progress keeps its deadlines)" : ""));
    }

    @Override
    public ShutdownProgress progress() {
        lock.lock();
        try {
            List<String> names = new ArrayList<>(pending.size());
            for (ParticipantHandle handle : pending) {
                names.add(handle.name());
            }
            return new ShutdownProgress(phase, Optional.ofNullable(reason), elapsed(),
                    pending.size() + readyDuringShutdown, readyDuringShutdown, names);
        } finally {
            lock.unlock();
        }
    }

    /** @return the phase the ladder stands in */
    public ShutdownPhase phase() {
        return phase;
    }

    // --- used by ParticipantHandle -------------------------------------------------------------

    void markReady(ParticipantHandle handle) {
        lock.lock();
        try {
            if (!pending.remove(handle)) {
                return;
            }
            if (reason != null) {
                readyDuringShutdown++;
                if (pending.isEmpty()) {
                    phase = ShutdownPhase.COMPLETED;
                }
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    void awaitInitiated() throws InterruptedException {
        initiated.await();
    }

    boolean awaitInitiated(Duration timeout) throws InterruptedException {
        return initiated.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** @return completes with the reason once the shutdown has begun; read-only */
    CompletionStage<ShutdownReason> initiatedStage() {
        return initiatedStage.minimalCompletionStage();
    }

    boolean isForced() {
        ShutdownPhase p = phase;
        return p == ShutdownPhase.FORCING || (p == ShutdownPhase.COMPLETED && forcedAtNanos != 0);
    }

    Duration timeRemaining() {
        // reason is written after the shutdown's timeouts and start: once it is seen, so are they
        if (reason == null) {
            return timeouts.graceful();
        }
        ShutdownTimeouts t = activeTimeouts;
        Duration left = t.graceful().minusNanos(System.nanoTime() - initiatedAtNanos);
        return left.isNegative() ? Duration.ZERO : left;
    }

    // --- the ladder --------------------------------------------------------------------------------

    private void walkLadder() {
        ShutdownTimeouts t = activeTimeouts;
        long graceful = initiatedAtNanos + t.graceful().toNanos();
        long force = initiatedAtNanos + t.force().toNanos();
        long kill = initiatedAtNanos + t.kill().toNanos();
        try {
            boolean allReady = awaitAllReady(graceful, true);
            if (allReady) {
                LOG.log(INFO, () -> "shutdown: all participants ready after " + elapsed().toMillis() + " ms");
            } else {
                forceIfStillGraceful(graceful);
            }
            process.requestExit(ExitStatus.of(reason, isForced()));
            if (!process.ownsProcess()) {
                if (!allReady) {
                    awaitAllReady(force, false);
                }
                return;
            }
            // The launcher exits the process once the framework has stopped; each wait below
            // ends early only by the process ending. If it is exiting by then, the framework has
            // stopped and the launcher has logged its code: nothing is left to force, and only a
            // shutdown hook can hold the process (the launcher names it).
            if (!isForced()) {
                sleepUntilUnlessForced(graceful);
                if (process.exiting()) {
                    haltIfExitingHangs(kill);
                    return;
                }
                forceIfStillGraceful(graceful);
                process.requestExit(ExitStatus.FORCED);
            }
            sleepUntil(force);
            if (process.exiting()) {
                haltIfExitingHangs(kill);
                return;
            }
            startKillWatchdog(kill);
            LOG.log(ERROR, () -> "shutdown: force deadline passed after " + elapsed().toMillis() + " ms; exiting with code "
                    + ExitStatus.FORCED + " without waiting for: " + describePending() + "; if exiting hangs, halting with code "
                    + ExitStatus.KILLED + " at the kill deadline in " + Math.max(0, (kill - System.nanoTime()) / 1_000_000) + " ms");
            process.exitNow(ExitStatus.FORCED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.log(WARNING, "shutdown ladder interrupted in phase {0}", phase);
        }
    }

    /** Waits until nothing is pending or {@code deadline} passes, or, if asked, the ladder is forced. */
    private boolean awaitAllReady(long deadline, boolean untilForced) throws InterruptedException {
        lock.lock();
        try {
            long now;
            while (!pending.isEmpty() && (now = System.nanoTime()) < deadline
                    && !(untilForced && forcedAtNanos != 0)) {
                changed.awaitNanos(deadline - now);
            }
            if (pending.isEmpty()) {
                phase = ShutdownPhase.COMPLETED;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void forceIfStillGraceful(long graceful) throws InterruptedException {
        sleepUntilUnlessForced(graceful);
        lock.lock();
        try {
            if (forcedAtNanos == 0) {
                forceLocked("graceful deadline of " + activeTimeouts.graceful().toMillis() + " ms passed");
            }
        } finally {
            lock.unlock();
        }
    }

    private void forceLocked(String why) {
        forcedAtNanos = System.nanoTime();
        if (phase != ShutdownPhase.COMPLETED) {
            phase = ShutdownPhase.FORCING;
        }
        List<String> interrupted = new ArrayList<>();
        for (ParticipantHandle handle : pending) {
            if (handle.interruptWorker()) {
                interrupted.add(handle.name());
            }
        }
        changed.signalAll();
        String notReady = describePending();
        LOG.log(pending.isEmpty() ? INFO : WARNING, () -> "shutdown forced after " + elapsed().toMillis() + " ms: " + why
                + "; not ready: " + notReady + "; interrupted: " + (interrupted.isEmpty() ? "none" : interrupted));
        forced();
    }

    /**
     * Called once, when the ladder forces, under its lock: an override must not block or call
     * back into the ladder (the component posts an event, which the flight recorder dumps on).
     */
    protected void forced() {
    }

    private void sleepUntilUnlessForced(long deadline) throws InterruptedException {
        lock.lock();
        try {
            long now;
            while ((now = System.nanoTime()) < deadline && forcedAtNanos == 0) {
                changed.awaitNanos(deadline - now);
            }
        } finally {
            lock.unlock();
        }
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long now;
        while ((now = System.nanoTime()) < deadline) {
            TimeUnit.NANOSECONDS.sleep(deadline - now);
        }
    }

    /** The JVM is exiting past a deadline of the ladder: the kill deadline still holds. */
    private void haltIfExitingHangs(long kill) {
        LOG.log(WARNING, () -> "shutdown: the process is still exiting after " + elapsed().toMillis()
                + " ms (a JVM shutdown hook has not returned); halting with code " + ExitStatus.KILLED
                + " at the kill deadline in " + Math.max(0, (kill - System.nanoTime()) / 1_000_000) + " ms unless it ends");
        startKillWatchdog(kill);
    }

    private void startKillWatchdog(long kill) {
        Thread watchdog = new Thread(() -> {
            try {
                sleepUntil(kill);
            } catch (InterruptedException e) {
                // Halting is the only way out now; an interrupt does not cancel it.
            }
            LOG.log(ERROR, () -> "shutdown: kill deadline passed after " + elapsed().toMillis() + " ms; halting with code "
                    + ExitStatus.KILLED);
            process.halt(ExitStatus.KILLED);
        }, "procdaemon-kill-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private int pendingCount() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    private String describePending() {
        List<String> names = progress().pending();
        return names.isEmpty() ? "no participants (bundles still stopping)" : String.join(", ", names);
    }

    private static String describe(ShutdownTimeouts t) {
        return "graceful=" + t.graceful().toMillis() + "ms force=" + t.force().toMillis() + "ms kill="
                + t.kill().toMillis() + "ms";
    }

    private Duration elapsed() {
        return reason == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - initiatedAtNanos);
    }
}
