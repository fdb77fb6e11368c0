package io.procdaemon.core.supervisor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.procdaemon.api.Subsystem;

/**
 * One run of a subsystem, from its start until its service object has been released.
 *
 * <p>The {@link SubsystemMachine} owns the facts it decides on ({@link #instance}, {@link #returned},
 * {@link #stopCause}, the {@link #check} in flight) and changes them only on its owner's thread.
 * The supervisor's edge owns the rest ({@link #thread}, {@link #handle}): the machine never
 * touches them, so its tests can leave them empty.
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
    /** The run's own thread, made unstarted at launch; started only for a plain {@code run}. */
    volatile Thread thread;
    volatile RunHandle handle;
    /** The service object the launch obtained, for the run's own thread. */
    volatile Subsystem obtained;
    /**
     * Guarded by {@code this}: the pooled thread launching the run, while it does (activating the
     * component, or in an {@code AsyncSubsystem}'s {@code start}), for a force to interrupt.
     */
    Thread launching;
    private final CompletableFuture<Void> releasable = new CompletableFuture<>();

    Run(long number, long startedNanos) {
        this.number = number;
        this.startedNanos = startedNanos;
    }

    /** The machine allows the service object to be released: no call into it is in flight. */
    void allowRelease() {
        releasable.complete(null);
    }

    boolean releaseAllowed() {
        return releasable.isDone();
    }

    /**
     * Waits until the service object may be released. Not interruptible: a forced run still
     * releases in order. Untimed: a run thread waking to poll would be one of thousands competing
     * with the supervisor's loop for the CPUs in a large stop; when the supervisor itself stops,
     * it allows every release that is left ({@link SubsystemMachine#abandon()}).
     */
    void awaitRelease() {
        releasable.join(); // never completes exceptionally; join waits through interrupts
    }

    /**
     * For a run without a thread of its own (an {@code AsyncSubsystem}): runs {@code release} on
     * {@code executor} once the service object may be released. The machine allows it on the
     * supervisor's loop, where no subsystem code may run, hence the executor.
     */
    void whenReleasable(Runnable release, Executor executor) {
        releasable.thenRunAsync(release, executor);
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
        /** The edge's: the thread calling {@code health()}, to interrupt at the timeout. */
        volatile Thread thread;

        Check(long token, Subsystem instance) {
            this.token = token;
            this.instance = instance;
        }
    }
}
