package io.procdaemon.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The container's supervisor of {@link Subsystem}s, registered as an OSGi service by the core
 * bundle. It runs every {@code Subsystem} service it sees, applies restart policies and health
 * checks, reports every state change, and stops subsystems in reverse dependency order.
 */
@ProviderType
public interface Supervisor {

    /** EventAdmin topic prefix of state changes; the state's name follows, e.g. {@code .../FAILED}. */
    String TOPIC_PREFIX = "io/procdaemon/subsystem/";
    /** Event property: the subsystem's name. */
    String EVENT_NAME = "subsystem.name";
    /** Event property: the supervisor's id of the subsystem (a Long). */
    String EVENT_ID = "subsystem.id";
    /** Event property: the new state's name. */
    String EVENT_STATE = "subsystem.state";
    /** Event property: the previous state's name. */
    String EVENT_PREVIOUS_STATE = "subsystem.previous.state";
    /** Event property on FAILED: the failure's message. */
    String EVENT_ERROR = "subsystem.error";

    /**
     * Returns every known subsystem, by name.
     *
     * @return every known subsystem, by name
     */
    List<SubsystemInfo> subsystems();

    /**
     * Returns that subsystem, or empty.
     *
     * @param name a subsystem's name
     * @return that subsystem, or empty
     */
    Optional<SubsystemInfo> subsystem(String name);

    /**
     * The daemon's own health: healthy when every critical subsystem (service property
     * {@code subsystem.critical}, default {@code true}) is RUNNING and its last health check passed.
     *
     * @return the health, naming the subsystems that make it unhealthy
     */
    Health health();

    /**
     * Starts a subsystem an operator stopped, or one that failed for good (its restart intensity
     * reached, or a policy that does not restart): a new run starts now, with its restart history
     * kept but its restart intensity counted afresh. A subsystem waiting to restart restarts now; one
     * that runs is left alone.
     *
     * @param name a subsystem's name
     * @return the subsystem after the request
     * @throws DaemonException {@link ErrorCode#SUBSYSTEM_NOT_FOUND}, naming the known subsystems;
     *         {@link ErrorCode#SUBSYSTEM_STATE_INVALID} while the daemon shuts down
     * @since 1.1
     */
    SubsystemInfo start(String name);

    /**
     * Stops a subsystem and holds it stopped: no restart policy applies until {@link #start(String)}
     * (or the next start of the daemon). Blocks until its run has ended, at most for the shutdown's
     * graceful timeout; a run still going then is forced (its handle reports forced, its thread is
     * interrupted) and waited for one second more.
     *
     * @param name a subsystem's name
     * @return the subsystem after the stop; its state is still STOPPING if the run ignored even the force
     * @throws DaemonException {@link ErrorCode#SUBSYSTEM_NOT_FOUND}, naming the known subsystems
     * @since 1.1
     */
    SubsystemInfo stop(String name);

    /**
     * {@link #stop(String)}, then {@link #start(String)}; recorded in the restart history with the
     * reason {@code "restarted by operator"} (not counted by the restart intensity).
     *
     * @param name a subsystem's name
     * @return the subsystem after the new run started
     * @throws DaemonException as {@link #stop(String)} and {@link #start(String)}
     * @since 1.1
     */
    SubsystemInfo restart(String name);
}
