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

    /** @return every known subsystem, by name */
    List<SubsystemInfo> subsystems();

    /**
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
}
