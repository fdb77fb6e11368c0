package io.procdaemon.runtime;

/**
 * The launcher's exit codes, documented in docs/operations.md. Numbers are stable.
 * {@link #OK}, {@link #FAILURE}, {@link #FORCED} and {@link #KILLED} are decided by the core
 * bundle's shutdown ladder ({@code io.procdaemon.core.shutdown.ExitStatus} must agree).
 */
public enum ExitCode {
    /** Stopped gracefully, by TERM, INT or request; or a command that succeeded. */
    OK(0),
    /** Failed to start, or stopped because of an error. */
    FAILURE(1),
    /** Bad command line. */
    USAGE(2),
    /** No daemon runs in this home ({@code status}; LSB's "not running"). */
    NOT_RUNNING(3),
    /** Another daemon holds this home's instance lock. */
    ALREADY_RUNNING(4),
    /** A configuration file is invalid. */
    BAD_CONFIGURATION(5),
    /** No suitable {@code java} was found (set by bin/proc-daemon). */
    NO_JAVA(6),
    /** {@code start}: the daemon did not become ready in time and was stopped. */
    START_TIMEOUT(7),
    /** The graceful deadline passed, or a second TERM/INT came, and what was left was forced. */
    FORCED(8),
    /** The kill deadline passed and the process was halted. */
    KILLED(9);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** @return the process exit status */
    public int code() {
        return code;
    }
}
