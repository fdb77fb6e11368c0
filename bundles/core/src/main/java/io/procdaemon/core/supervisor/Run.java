package io.procdaemon.core.supervisor;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.procdaemon.api.Subsystem;

/**
 * One run of a subsystem, from its start until its service object has been released.
 *
 * <p>The {@link SubsystemMachine} owns the facts it decides on ({@link #instance}, {@link #returned},
 * {@link #stopCause}, the {@link #check} in flight) and changes them only on its owner's thread.
 * The supervisor's edge owns {@link #thread} and {@link #handle}: the machine never touches them,
 * so its tests can leave them empty. Who is calling into the service object ({@code run}, health
 * checks) is counted atomically, because the run's thread learns first that {@code run} returned:
 * with no check in flight it releases the object without a round trip through the loop, and a
 * check can only be counted in while {@code run} has not returned.
 */
final class Run {

    /** Why a run was asked to stop; decides what follows its end. */
    enum StopCause {
        /** an operator's stop: held stopped until started */
        OPERATOR,
        /** the daemon shuts down: nothing starts again */
        SHUTDOWN,
        /** its service went away: nothing starts again */
        REMOVED,
        /** failed health checks: a failure, and the restart policy applies */
        UNHEALTHY
    }

    final long number;
    final long startedNanos;

    // --- the machine's (owner thread only) ---
    /** The service object, from the moment the run has it until the run returns. */
    Subsystem instance;
    /** {@code run} has returned (or the service could not be obtained). */
    boolean returned;
    /** What {@code run} threw, or {@code null}. */
    Throwable failure;
    /** Set once, by the first request to stop. */
    StopCause stopCause;
    /** The health check in flight, from its start until {@code health()} returns, however long. */
    Check check;

    // --- the edge's ---
    volatile Thread thread;
    volatile RunHandle handle;

    // --- shared: who is calling into the service object ---
    /** {@link #RETURNED} once {@code run} has returned, plus the health checks counted in flight. */
    private final AtomicInteger calls = new AtomicInteger();
    private static final int RETURNED = 1 << 30;
    private final CountDownLatch releasable = new CountDownLatch(1);

    Run(long number, long startedNanos) {
        this.number = number;
        this.startedNanos = startedNanos;
    }

    /**
     * Counts a health check in: only while {@code run} has not returned, so no check ever starts
     * on an object that may be released.
     *
     * @return {@code false} if {@code run} has returned (start no check)
     */
    boolean beginCall() {
        while (true) {
            int now = calls.get();
            if ((now & RETURNED) != 0) {
                return false;
            }
            if (calls.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Counts a check out (it returned, or it was abandoned at its timeout): exactly once per {@link #beginCall}. */
    void endCall() {
        if (calls.decrementAndGet() == RETURNED) {
            releasable.countDown();
        }
    }

    /**
     * {@code run} has returned (called by the run's thread first, so it need not wait for the
     * supervisor's loop when no check is in flight; again by the machine, which changes nothing).
     */
    void returnedFromRun() {
        int before = calls.getAndUpdate(now -> now | RETURNED);
        if (before == 0) {
            releasable.countDown();
        }
    }

    /** The supervisor stopped: the object may be released whenever {@code run} returns. */
    void abandon() {
        releasable.countDown();
    }

    boolean releaseAllowed() {
        return releasable.getCount() == 0;
    }

    /**
     * Waits until the service object may be released. Not interruptible: a forced run still
     * releases in order. Untimed: a run thread waking to poll would be one of thousands competing
     * with the supervisor's loop for the CPUs in a large stop; when the supervisor itself stops,
     * it allows every release that is left ({@link SubsystemMachine#abandon()}).
     */
    void awaitRelease() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    releasable.await();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * One call of {@code health()}: judged once, by its result or by its timeout, whichever comes
     * first. A call that outlives its timeout stays the one in flight: no other starts beside it.
     */
    static final class Check {
        final long token;
        final Subsystem instance;
        /** Judged: by its result, or as failed at its timeout. */
        boolean judged;
        /** Counted out of the run's calls ({@link Run#endCall}): at its return or at its timeout. */
        boolean countedOut;
        /** The edge's: the thread calling {@code health()}, to interrupt at the timeout. */
        volatile Thread thread;

        Check(long token, Subsystem instance) {
            this.token = token;
            this.instance = instance;
        }
    }
}
