package io.procdaemon.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears every state change of every subsystem, in process. Register an implementation as an OSGi
 * service (whiteboard); the same changes are also posted to EventAdmin under
 * {@value Supervisor#TOPIC_PREFIX}{@code <STATE>}.
 */
@ConsumerType
@FunctionalInterface
public interface SubsystemListener {

    /**
     * Called on the thread that changed the state; keep it short and do not block.
     *
     * @param subsystem the subsystem after the change
     * @param previous the state before it
     */
    void stateChanged(SubsystemInfo subsystem, SubsystemState previous);
}
