package io.procdaemon.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The daemon's single shutdown authority, registered as an OSGi service by the core bundle.
 *
 * <p>Rules:
 * <ul>
 * <li>The first {@link #initiate(ShutdownReason)} wins; later calls return {@code false} and leave
 * the first reason in place.</li>
 * <li>Every handle sees shutdown at once.</li>
 * <li>Then the ladder runs on deadlines counted from initiation ({@link ShutdownTimeouts}): wait for
 * every handle to be {@link ShutdownHandle#ready() ready} and for bundles to stop, until the
 * graceful deadline; then force what is left; at the force deadline the process exits without
 * waiting; at the kill deadline it is halted. The process-level rungs apply only when the core
 * bundle runs in the proc-daemon launcher; embedded in another framework, the coordinator never
 * exits the host process.</li>
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
     * Starts shutdown, unless it has started already.
     *
     * @param reason why
     * @return {@code true} if this call started shutdown, {@code false} if it was already in progress
     */
    boolean initiate(ShutdownReason reason);

    /**
     * Skips the rest of the graceful phase: handles become forced and their workers are interrupted
     * now. Does nothing unless shutdown is in progress and not yet forcing.
     *
     * @return {@code true} if this call moved the ladder to {@link ShutdownPhase#FORCING}
     */
    boolean force();

    /** @return {@code true} once shutdown has been initiated */
    boolean isShutdown();

    /** @return the reason of the shutdown in progress, empty while running */
    Optional<ShutdownReason> reason();

    /** @return the timeouts the next shutdown will use (a shutdown in progress keeps its own) */
    ShutdownTimeouts timeouts();

    /**
     * Replaces the timeouts. A shutdown already in progress keeps the deadlines it started with.
     *
     * @param timeouts the new, already validated timeouts
     */
    void setTimeouts(ShutdownTimeouts timeouts);

    /** @return a snapshot of the progress */
    ShutdownProgress progress();
}
