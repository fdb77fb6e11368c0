package io.procdaemon.api;

import java.time.Duration;
import java.util.Objects;

/**
 * What the container does when a subsystem's {@code run} ends. Immutable.
 *
 * <p>The kinds follow Erlang/OTP's restart types:
 * <ul>
 * <li>{@link #never()} (OTP {@code temporary}): the subsystem stays stopped or failed.</li>
 * <li>{@link #always()} (OTP {@code permanent}): restarted after a clean return and after a failure.</li>
 * <li>{@link #onFailure()} (OTP {@code transient}): restarted only after a failure (an exception or
 * failed health checks), not after a clean return.</li>
 * <li>{@link #exponentialBackoff(Duration, Duration, int)}: like {@code onFailure}, with delays
 * {@code initialDelay}, twice that, four times ... capped at {@code maxDelay}; after
 * {@code maxAttempts} failed restarts in a row the subsystem stays {@link SubsystemState#FAILED}.</li>
 * </ul>
 * Every policy is further bounded by the container's restart intensity limit, so no policy can
 * produce a hot restart loop.
 */
public final class RestartPolicy {

    /** The kinds of policy. */
    public enum Kind {
        /** Never restart. */
        NEVER,
        /** Restart after any end. */
        ALWAYS,
        /** Restart after a failure only. */
        ON_FAILURE,
        /** Restart after a failure, with growing delays and a limit on attempts. */
        EXPONENTIAL_BACKOFF
    }

    private static final RestartPolicy NEVER = new RestartPolicy(Kind.NEVER, Duration.ZERO, Duration.ZERO, 0);
    private static final RestartPolicy ALWAYS = new RestartPolicy(Kind.ALWAYS, Duration.ZERO, Duration.ZERO, 0);
    private static final RestartPolicy ON_FAILURE = new RestartPolicy(Kind.ON_FAILURE, Duration.ZERO, Duration.ZERO, 0);

    private final Kind kind;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final int maxAttempts;

    private RestartPolicy(Kind kind, Duration initialDelay, Duration maxDelay, int maxAttempts) {
        this.kind = kind;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.maxAttempts = maxAttempts;
    }

    /**
     * Returns the policy that never restarts (the default of {@link Subsystem#restartPolicy()}).
     *
     * @return the policy that never restarts (the default of {@link Subsystem#restartPolicy()})
     */
    public static RestartPolicy never() {
        return NEVER;
    }

    /**
     * Returns the policy that restarts after a clean return and after a failure.
     *
     * @return the policy that restarts after a clean return and after a failure
     */
    public static RestartPolicy always() {
        return ALWAYS;
    }

    /**
     * Returns the policy that restarts after a failure only.
     *
     * @return the policy that restarts after a failure only
     */
    public static RestartPolicy onFailure() {
        return ON_FAILURE;
    }

    /**
     * Returns a backoff policy.
     *
     * @param initialDelay delay before the first restart; positive
     * @param maxDelay cap on the delay; at least {@code initialDelay}
     * @param maxAttempts failed restarts in a row after which the subsystem stays failed; at least 1
     * @return a backoff policy
     * @throws IllegalArgumentException naming the parameter and its value when one is out of range
     */
    public static RestartPolicy exponentialBackoff(Duration initialDelay, Duration maxDelay, int maxAttempts) {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException("initialDelay must be positive, got " + initialDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException(
                    "maxDelay must be at least initialDelay (" + initialDelay + "), got " + maxDelay);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        return new RestartPolicy(Kind.EXPONENTIAL_BACKOFF, initialDelay, maxDelay, maxAttempts);
    }

    /**
     * Returns the kind of policy.
     *
     * @return the kind of policy
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns the first delay of a backoff policy; zero for the other kinds.
     *
     * @return the first delay of a backoff policy; zero for the other kinds
     */
    public Duration initialDelay() {
        return initialDelay;
    }

    /**
     * Returns the delay cap of a backoff policy; zero for the other kinds.
     *
     * @return the delay cap of a backoff policy; zero for the other kinds
     */
    public Duration maxDelay() {
        return maxDelay;
    }

    /**
     * Returns the attempt limit of a backoff policy; zero for the other kinds.
     *
     * @return the attempt limit of a backoff policy; zero for the other kinds
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RestartPolicy that
                && kind == that.kind
                && maxAttempts == that.maxAttempts
                && initialDelay.equals(that.initialDelay)
                && maxDelay.equals(that.maxDelay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, initialDelay, maxDelay, maxAttempts);
    }

    /**
     * Returns {@code never}, {@code always}, {@code onFailure} or {@code exponentialBackoff(PT1S, PT30S, 5)}.
     *
     * @return {@code never}, {@code always}, {@code onFailure} or {@code exponentialBackoff(PT1S, PT30S, 5)}
     */
    @Override
    public String toString() {
        return switch (kind) {
            case NEVER -> "never";
            case ALWAYS -> "always";
            case ON_FAILURE -> "onFailure";
            case EXPONENTIAL_BACKOFF ->
                    "exponentialBackoff(" + initialDelay + ", " + maxDelay + ", " + maxAttempts + ")";
        };
    }
}
