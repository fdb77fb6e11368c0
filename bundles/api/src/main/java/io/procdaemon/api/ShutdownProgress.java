package io.procdaemon.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of the shutdown's progress.
 *
 * @param phase where the ladder stands
 * @param reason the reason, empty while {@link ShutdownPhase#RUNNING}
 * @param elapsed time since initiation; zero while running
 * @param registered handles the shutdown waits or waited for: those registered and not ready when it
 *        was initiated, and those registered since (while running: registered and not yet ready)
 * @param ready of those, the handles that have reported {@link ShutdownHandle#ready()}; 0 while
 *        running
 * @param pending names of the handles not ready yet, in registration order
 */
public record ShutdownProgress(ShutdownPhase phase, Optional<ShutdownReason> reason, Duration elapsed,
        int registered, int ready, List<String> pending) {

    /**
     * Defensive copies.
     *
     * @param phase see {@link #phase()}
     * @param reason see {@link #reason()}
     * @param elapsed see {@link #elapsed()}
     * @param registered see {@link #registered()}
     * @param ready see {@link #ready()}
     * @param pending see {@link #pending()}; copied
     */
    public ShutdownProgress {
        pending = List.copyOf(pending);
    }

    /**
     * Returns fraction of handles ready, 0.0 to 1.0; 1.0 when none are registered.
     *
     * @return fraction of handles ready, 0.0 to 1.0; 1.0 when none are registered
     */
    public double fractionReady() {
        return registered == 0 ? 1.0 : (double) ready / registered;
    }

    /**
     * Returns {@code true} when every registered handle is ready.
     *
     * @return {@code true} when every registered handle is ready
     */
    public boolean allReady() {
        return ready == registered;
    }
}
