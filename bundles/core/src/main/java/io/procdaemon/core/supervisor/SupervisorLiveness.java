package io.procdaemon.core.supervisor;

import java.time.Duration;

/**
 * Whether the supervisor's owner thread still handles events: the one question a service manager's
 * watchdog (and a liveness probe) must ask, since a snapshot of states can be read from a wedged
 * supervisor too. Published by the supervisor inside the core bundle only (its package is private).
 */
public interface SupervisorLiveness {

    /**
     * Posts a no-op event to the supervisor's loop and waits for it.
     *
     * @param within how long the loop may take
     * @return {@code true} if it ran within that time; {@code false} if not, or the supervisor has stopped
     */
    boolean answers(Duration within);
}
