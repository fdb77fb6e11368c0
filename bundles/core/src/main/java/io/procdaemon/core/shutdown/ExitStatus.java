package io.procdaemon.core.shutdown;

import io.procdaemon.api.ShutdownReason;

/**
 * The process exit codes decided by the shutdown ladder. They are part of the launcher's documented
 * table (docs/operations.md, and {@code io.procdaemon.runtime.ExitCode}, which must agree).
 */
public final class ExitStatus {

    /** Stopped gracefully: a signal or a request, within the graceful deadline. */
    public static final int GRACEFUL = 0;
    /** Stopped because of an error or exhausted resources. */
    public static final int FAILURE = 1;
    /** The graceful deadline passed (or a second TERM/INT came) and what was left was forced. */
    public static final int FORCED = 8;
    /** The kill deadline passed and the process was halted. */
    public static final int KILLED = 9;

    private ExitStatus() {
    }

    /**
     * @param reason the shutdown's reason
     * @param forced whether the ladder reached the force rung
     * @return the exit code for that outcome
     */
    public static int of(ShutdownReason reason, boolean forced) {
        if (forced) {
            return FORCED;
        }
        return reason.isFailure() ? FAILURE : GRACEFUL;
    }
}
