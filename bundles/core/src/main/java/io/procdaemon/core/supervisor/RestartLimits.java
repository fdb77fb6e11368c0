package io.procdaemon.core.supervisor;

import java.time.Duration;

/**
 * Bounds on restarting one subsystem, whatever its policy.
 *
 * @param maxRestarts more restarts than this within {@code period} stop the restart loop (OTP's
 *        intensity); at least 0
 * @param period the sliding window of {@code maxRestarts}; positive
 * @param escalate when the limit is reached, also shut the daemon down with reason error
 * @param backoffReset a run that lasts this long resets an exponential backoff's attempt count
 */
record RestartLimits(int maxRestarts, Duration period, boolean escalate, Duration backoffReset) {

    /** systemd's StartLimitBurst=5 within StartLimitIntervalSec=10; backoff reset after 30 s. */
    static final RestartLimits DEFAULTS = new RestartLimits(5, Duration.ofSeconds(10), false, Duration.ofSeconds(30));

    RestartLimits {
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must be 0 or more, got " + maxRestarts);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, got " + period.toMillis() + " ms");
        }
        if (backoffReset.isNegative() || backoffReset.isZero()) {
            throw new IllegalArgumentException("backoffReset must be positive, got " + backoffReset.toMillis() + " ms");
        }
    }
}
