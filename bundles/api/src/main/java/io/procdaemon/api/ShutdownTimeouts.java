package io.procdaemon.api;

import java.time.Duration;
import java.util.Objects;

/**
 * The three rungs of the shutdown ladder, each counted from the moment shutdown is initiated.
 *
 * <ul>
 * <li>{@code graceful}: participants and bundles stop on their own until then.</li>
 * <li>{@code force}: after {@code graceful}, what is left is forced (handles report
 * {@link ShutdownHandle#isForced()}, workers are interrupted); at {@code force} the process exits
 * without waiting for the rest.</li>
 * <li>{@code kill}: if the process still has not exited (a shutdown hook hangs), it is halted.</li>
 * </ul>
 *
 * @param graceful the graceful deadline; positive
 * @param force the force deadline; greater than {@code graceful}
 * @param kill the kill deadline; greater than {@code force}
 */
public record ShutdownTimeouts(Duration graceful, Duration force, Duration kill) {

    /** The seed's defaults: 5 s, 10 s, 15 s. */
    public static final ShutdownTimeouts DEFAULTS =
            new ShutdownTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15));

    /**
     * The three deadlines, each counted from the start of the shutdown.
     *
     * @param graceful see {@link #graceful()}
     * @param force see {@link #force()}
     * @param kill see {@link #kill()}
     * @throws DaemonException with {@link ErrorCode#CONFIG_INVALID} unless 0 &lt; graceful &lt; force &lt;
     * kill
     * @throws NullPointerException if any of them is {@code null}
     */
    public ShutdownTimeouts {
        Objects.requireNonNull(graceful, "graceful");
        Objects.requireNonNull(force, "force");
        Objects.requireNonNull(kill, "kill");
        if (graceful.isNegative() || graceful.isZero()) {
            throw invalid("graceful must be positive, got " + graceful.toMillis() + " ms");
        }
        if (force.compareTo(graceful) <= 0) {
            throw invalid("force (" + force.toMillis() + " ms) must be greater than graceful ("
                    + graceful.toMillis() + " ms)");
        }
        if (kill.compareTo(force) <= 0) {
            throw invalid("kill (" + kill.toMillis() + " ms) must be greater than force ("
                    + force.toMillis() + " ms)");
        }
    }

    /**
     * Returns validated timeouts.
     *
     * @param gracefulMillis graceful deadline in milliseconds
     * @param forceMillis force deadline in milliseconds
     * @param killMillis kill deadline in milliseconds
     * @return validated timeouts
     * @throws DaemonException with {@link ErrorCode#CONFIG_INVALID} unless 0 &lt; graceful &lt; force &lt;
     * kill
     */
    public static ShutdownTimeouts ofMillis(long gracefulMillis, long forceMillis, long killMillis) {
        return new ShutdownTimeouts(Duration.ofMillis(gracefulMillis), Duration.ofMillis(forceMillis),
                Duration.ofMillis(killMillis));
    }

    private static DaemonException invalid(String message) {
        return new DaemonException(ErrorCode.CONFIG_INVALID,
                "invalid shutdown timeouts: " + message + "; valid: 0 < graceful < force < kill");
    }
}
