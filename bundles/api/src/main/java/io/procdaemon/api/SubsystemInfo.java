package io.procdaemon.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of one supervised subsystem, as the supervisor reports it.
 *
 * @param id the supervisor's id for it, unique for the life of the daemon
 * @param name its {@value Subsystem#NAME_PROPERTY}
 * @param state its state
 * @param policy the restart policy in force (code, overridden by service properties)
 * @param registeredAt when its service appeared
 * @param startedAt when its current or last run started; empty before the first
 * @param stoppedAt when its last run ended; empty until the first run ends
 * @param restartCount restarts its restart policy has decided so far (an operator's start or
 *        restart is not counted)
 * @param lastError the last failure, empty if none
 * @param health the last health check's result in the current or last run ({@link Health#healthy()}
 *        until that run's first check)
 * @param restarts the most recent restarts, oldest first (at most {@value #HISTORY} of them)
 * @param held whether an operator stopped it ({@link Supervisor#stop(String)}): no restart policy
 *        applies until it is started again (since 1.1)
 */
public record SubsystemInfo(long id, String name, SubsystemState state, RestartPolicy policy, Instant registeredAt,
        Optional<Instant> startedAt, Optional<Instant> stoppedAt, int restartCount, Optional<Failure> lastError,
        Health health, List<Restart> restarts, boolean held) {

    /** How many restarts {@link #restarts()} keeps. */
    public static final int HISTORY = 10;

    /**
     * Defensive copy.
     *
     * @param id see {@link #id()}
     * @param name see {@link #name()}
     * @param state see {@link #state()}
     * @param policy see {@link #policy()}
     * @param registeredAt see {@link #registeredAt()}
     * @param startedAt see {@link #startedAt()}
     * @param stoppedAt see {@link #stoppedAt()}
     * @param restartCount see {@link #restartCount()}
     * @param lastError see {@link #lastError()}
     * @param health see {@link #health()}
     * @param restarts see {@link #restarts()}; copied
     * @param held see {@link #held()}
     */
    public SubsystemInfo {
        restarts = List.copyOf(restarts);
    }

    /**
     * The 1.0 form, not held.
     *
     * @param id see {@link #id()}
     * @param name see {@link #name()}
     * @param state see {@link #state()}
     * @param policy see {@link #policy()}
     * @param registeredAt see {@link #registeredAt()}
     * @param startedAt see {@link #startedAt()}
     * @param stoppedAt see {@link #stoppedAt()}
     * @param restartCount see {@link #restartCount()}
     * @param lastError see {@link #lastError()}
     * @param health see {@link #health()}
     * @param restarts see {@link #restarts()}
     */
    public SubsystemInfo(long id, String name, SubsystemState state, RestartPolicy policy, Instant registeredAt,
            Optional<Instant> startedAt, Optional<Instant> stoppedAt, int restartCount, Optional<Failure> lastError,
            Health health, List<Restart> restarts) {
        this(id, name, state, policy, registeredAt, startedAt, stoppedAt, restartCount, lastError, health, restarts,
                false);
    }

    /**
     * A recorded failure.
     *
     * @param at when it happened
     * @param message the exception's class and message, or what failed
     * @param stackTrace the full stack trace, empty for failures without an exception
     */
    public record Failure(Instant at, String message, String stackTrace) {
    }

    /**
     * A recorded restart.
     *
     * @param at when the restart was decided
     * @param reason the policy's reason, or {@code "restarted by operator"} for
     *        {@link Supervisor#restart(String)}
     * @param delayMillis the delay before the new run, in milliseconds; 0 for an operator's restart
     */
    public record Restart(Instant at, String reason, long delayMillis) {
    }
}
