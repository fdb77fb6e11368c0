package io.procdaemon.core.supervisor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.function.DoubleSupplier;

import io.procdaemon.api.RestartPolicy;

/**
 * Applies a {@link RestartPolicy} and the {@link RestartLimits} to the runs of one subsystem.
 * Not thread-safe: the subsystem's {@link SubsystemMachine} calls it on its owner's thread. It lives
 * as long as the subsystem: new settings replace the policy and limits, never the history.
 *
 * <p>Rules, in order:
 * <ol>
 * <li>{@code never}: a clean end stops, a failure fails.</li>
 * <li>{@code always}: restart after either, without delay.</li>
 * <li>{@code onFailure}: a clean end stops; a failure restarts without delay.</li>
 * <li>{@code exponentialBackoff(initial, max, attempts)}: a clean end stops and resets the count;
 * a failure counts one attempt, unless the run lasted at least {@code backoffReset}, which first
 * resets the count. Attempt {@code k} waits {@code min(initial * 2^(k-1), max)}, shortened by a
 * random jitter of up to 20 % (never longer than the cap), so that subsystems failing together do
 * not restart together. A failure after {@code attempts} failed restarts in a row fails for good:
 * at most {@code 1 + attempts} runs.</li>
 * <li>Intensity, for every policy: a restart that would be the {@code maxRestarts + 1}-th within
 * {@code period} is refused ({@code reached_max_restart_intensity}). With {@code maxRestarts = 0}
 * nothing restarts.</li>
 * </ol>
 */
final class RestartTracker {

    /** The largest share of a backoff delay the jitter removes. */
    static final double JITTER = 0.2;

    private RestartPolicy policy;
    private RestartLimits limits;
    private final DoubleSupplier random;
    private final Deque<Long> restartTimes = new ArrayDeque<>();
    private int consecutiveFailures;

    /**
     * @param policy the subsystem's policy
     * @param limits its bounds
     * @param random uniform values in [0, 1) for the jitter
     */
    RestartTracker(RestartPolicy policy, RestartLimits limits, DoubleSupplier random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * New settings: later decisions use them; the restarts counted within the intensity's window
     * and the backoff's failed attempts stay (editing any setting must not reset a restart loop).
     */
    void reconfigure(RestartPolicy newPolicy, RestartLimits newLimits) {
        policy = Objects.requireNonNull(newPolicy, "policy");
        limits = Objects.requireNonNull(newLimits, "limits");
    }

    /** An operator's start: the intensity and the backoff count afresh. */
    void reset() {
        restartTimes.clear();
        consecutiveFailures = 0;
    }

    RestartPolicy policy() {
        return policy;
    }

    RestartLimits limits() {
        return limits;
    }

    /** @return failed backoff attempts in a row so far */
    int consecutiveFailures() {
        return consecutiveFailures;
    }

    /**
     * @param failed whether the run failed (threw, or failed its health checks)
     * @param runTime how long the run lasted
     * @param nowNanos the current {@link System#nanoTime()}
     * @return what follows
     */
    RestartDecision decide(boolean failed, Duration runTime, long nowNanos) {
        RestartDecision byPolicy = byPolicy(failed, runTime);
        if (byPolicy.action() != RestartDecision.Action.RESTART) {
            return byPolicy;
        }
        long windowStart = nowNanos - limits.period().toNanos();
        while (!restartTimes.isEmpty() && restartTimes.peekFirst() - windowStart <= 0) {
            restartTimes.removeFirst();
        }
        if (restartTimes.size() >= limits.maxRestarts()) {
            return RestartDecision.giveUp(RestartDecision.REACHED_MAX_RESTART_INTENSITY + ": more than "
                    + limits.maxRestarts() + " restarts within " + limits.period().toMillis() + " ms");
        }
        restartTimes.addLast(nowNanos);
        return byPolicy;
    }

    private RestartDecision byPolicy(boolean failed, Duration runTime) {
        return switch (policy.kind()) {
            case NEVER -> failed ? RestartDecision.fail("policy never: failures are not restarted")
                    : RestartDecision.stop("policy never");
            case ALWAYS -> RestartDecision.restart(Duration.ZERO, "policy always");
            case ON_FAILURE -> failed ? RestartDecision.restart(Duration.ZERO, "policy onFailure")
                    : RestartDecision.stop("policy onFailure: a clean end is not restarted");
            case EXPONENTIAL_BACKOFF -> backoff(failed, runTime);
        };
    }

    private RestartDecision backoff(boolean failed, Duration runTime) {
        if (!failed) {
            consecutiveFailures = 0;
            return RestartDecision.stop("policy exponentialBackoff: a clean end is not restarted");
        }
        if (runTime.compareTo(limits.backoffReset()) >= 0) {
            consecutiveFailures = 0;
        }
        consecutiveFailures++;
        if (consecutiveFailures > policy.maxAttempts()) {
            return RestartDecision.fail("policy exponentialBackoff gave up: " + policy.maxAttempts()
                    + " restart(s) in a row failed");
        }
        Duration delay = backoffDelay(consecutiveFailures);
        return RestartDecision.restart(delay, "policy exponentialBackoff: attempt " + consecutiveFailures + " of "
                + policy.maxAttempts());
    }

    /** @return the delay of attempt {@code attempt} (1-based), jitter applied */
    Duration backoffDelay(int attempt) {
        long initial = policy.initialDelay().toNanos();
        long cap = policy.maxDelay().toNanos();
        long delay = initial;
        for (int i = 1; i < attempt && delay < cap; i++) {
            delay = delay > cap / 2 ? cap : delay * 2;
        }
        delay = Math.min(delay, cap);
        long jitter = (long) (delay * JITTER * random.getAsDouble());
        return Duration.ofNanos(delay - jitter);
    }
}
