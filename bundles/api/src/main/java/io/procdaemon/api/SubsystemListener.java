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
     * Called on the supervisor's notification thread, one change at a time, in the order the
     * changes happened, with no lock held: a listener may call the {@link Supervisor} (even
     * {@code stop}, which then does not wait for listeners to hear it). Keep it short: while it
     * runs, later changes wait to be heard (the supervision itself does not wait).
     *
     * @param subsystem the subsystem after the change
     * @param previous the state before it
     */
    void stateChanged(SubsystemInfo subsystem, SubsystemState previous);
}
