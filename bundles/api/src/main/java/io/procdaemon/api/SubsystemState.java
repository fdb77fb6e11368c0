package io.procdaemon.api;

/**
 * The states a supervised subsystem passes through.
 *
 * <p>Normal life: {@code STARTING -> RUNNING -> STOPPING -> STOPPED}. A run that throws ends in
 * {@code FAILED}; a run the restart policy will repeat passes through {@code RESTARTING} back to
 * {@code STARTING}.
 */
public enum SubsystemState {
    /** Its thread is being created and {@code run} has not been entered yet. */
    STARTING,
    /** {@code run} is executing. */
    RUNNING,
    /** Asked to stop; {@code run} has not returned yet. */
    STOPPING,
    /** {@code run} returned and no restart follows. */
    STOPPED,
    /** {@code run} threw, or health checks failed, and no restart follows. */
    FAILED,
    /** Waiting for the restart policy's delay before the next run. */
    RESTARTING;

    /**
     * Returns {@code true} for {@link #STOPPED} and {@link #FAILED}, the states that need a new start.
     *
     * @return {@code true} for {@link #STOPPED} and {@link #FAILED}, the states that need a new start
     */
    public boolean isTerminal() {
        return this == STOPPED || this == FAILED;
    }
}
