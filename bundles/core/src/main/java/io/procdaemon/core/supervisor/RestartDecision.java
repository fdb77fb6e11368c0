package io.procdaemon.core.supervisor;

import java.time.Duration;

/**
 * What follows the end of a run.
 *
 * @param action restart, or stay stopped or failed
 * @param delay how long to wait before the restart; zero otherwise
 * @param reason why, in the words of the supervisor's reports (for example
 *        {@code reached_max_restart_intensity})
 */
record RestartDecision(Action action, Duration delay, String reason) {

    /** The possible outcomes. */
    enum Action {
        /** Run again after {@link RestartDecision#delay()}. */
        RESTART,
        /** Stay STOPPED: a clean end the policy does not repeat. */
        STOP,
        /** Stay FAILED: a failure the policy does not repeat, a backoff that gave up. */
        FAIL,
        /** Stay FAILED: the restart intensity was reached. */
        GIVE_UP
    }

    static final String REACHED_MAX_RESTART_INTENSITY = "reached_max_restart_intensity";

    static RestartDecision restart(Duration delay, String reason) {
        return new RestartDecision(Action.RESTART, delay, reason);
    }

    static RestartDecision stop(String reason) {
        return new RestartDecision(Action.STOP, Duration.ZERO, reason);
    }

    static RestartDecision fail(String reason) {
        return new RestartDecision(Action.FAIL, Duration.ZERO, reason);
    }

    static RestartDecision giveUp(String reason) {
        return new RestartDecision(Action.GIVE_UP, Duration.ZERO, reason);
    }
}
