package io.procdaemon.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The daemon's single shutdown authority, registered as an OSGi service by the core bundle.
 *
 * <p>Rules:
 * <ul>
 * <li>The first {@link #initiate(ShutdownReason) initiate} wins; later calls return {@code false}
 * and leave the first reason and the first deadlines in place.</li>
 * <li>Every handle sees shutdown at once.</li>
 * <li>Then the ladder runs on deadlines counted from initiation ({@link ShutdownTimeouts}): wait for
 * every handle to be {@link ShutdownHandle#ready() ready} and for bundles to stop, until the
 * graceful deadline; then force what is left; at the force deadline the process exits without
 * waiting; at the kill deadline it is halted. The process-level rungs apply only when the core
 * bundle runs in the proc-daemon launcher; embedded in another framework, the coordinator never
 * exits the host process.</li>
 * <li>The deadlines are fixed when shutdown is initiated: from the timeouts given to
 * {@link #initiate(ShutdownReason, ShutdownTimeouts)}, else from the configured {@link #timeouts()}.
 * Nothing changes them afterwards; {@link #setTimeouts(ShutdownTimeouts)} changes only the
 * configured timeouts.</li>
 * </ul>
 */
@ProviderType
public interface ShutdownCoordinator {

    /**
     * Registers a participant that shutdown waits for.
     *
     * @param name the participant's name, used in progress reports and logs
     * @param worker the thread to interrupt when the participant is forced, or {@code null}
     * @return a new handle; if shutdown is already in progress it reports so at once
     */
    ShutdownHandle register(String name, Thread worker);

    /**
     * Starts shutdown with the configured {@link #timeouts()}, unless it has started already.
     *
     * @param reason why
     * @return {@code true} if this call started shutdown, {@code false} if it was already in progress
     */
    boolean initiate(ShutdownReason reason);

    /**
     * Starts shutdown with the given timeouts, for this shutdown only, unless it has started
     * already.
     *
     * <p>Deciding that this call is the first and fixing the deadlines of its shutdown are one atomic
     * step: a concurrent {@link #setTimeouts(ShutdownTimeouts)} (a configuration update) can neither
     * replace {@code timeouts} for this shutdown nor be replaced by them. The configured
     * {@link #timeouts()} are left as they are: they are what a later {@link #initiate(ShutdownReason)}
     * would use, and what configuration and status report.
     *
     * <p>If shutdown is already in progress this call changes nothing and returns {@code false}: the
     * shutdown in progress keeps its reason and its deadlines.
     *
     * @param reason why
     * @param timeouts the deadlines of this shutdown, counted from now; already validated, as every
     *        {@link ShutdownTimeouts} is ({@code 0 < graceful < force < kill})
     * @return {@code true} if this call started shutdown, {@code false} if it was already in progress
     * @throws NullPointerException if {@code reason} or {@code timeouts} is {@code null}
     * @since 1.2
     */
    boolean initiate(ShutdownReason reason, ShutdownTimeouts timeouts);

    /**
     * Skips the rest of the graceful phase: handles become forced and their workers are interrupted
     * now. Does nothing unless shutdown is in progress and not yet forcing.
     *
     * @return {@code true} if this call moved the ladder to {@link ShutdownPhase#FORCING}
     */
    boolean force();

    /**
     * Returns {@code true} once shutdown has been initiated.
     *
     * @return {@code true} once shutdown has been initiated
     */
    boolean isShutdown();

    /**
     * Returns the reason of the shutdown in progress, empty while running.
     *
     * @return the reason of the shutdown in progress, empty while running
     */
    Optional<ShutdownReason> reason();

    /**
     * Returns the configured timeouts: those a shutdown started by {@link #initiate(ShutdownReason)} uses (a
     * shutdown in progress keeps its own, and one started by {@link #initiate(ShutdownReason,
     * ShutdownTimeouts)} has the ones it was given).
     *
     * @return the configured timeouts: those a shutdown started by {@link #initiate(ShutdownReason)}
     *         uses (a shutdown in progress keeps its own, and one started by
     *         {@link #initiate(ShutdownReason, ShutdownTimeouts)} has the ones it was given)
     */
    ShutdownTimeouts timeouts();

    /**
     * Replaces the configured timeouts. A shutdown already in progress keeps the deadlines it started
     * with.
     *
     * @param timeouts the new, already validated timeouts
     */
    void setTimeouts(ShutdownTimeouts timeouts);

    /**
     * Returns a snapshot of the progress.
     *
     * @return a snapshot of the progress
     */
    ShutdownProgress progress();
}
