package io.procdaemon.api;

/**
 * Stable error codes, numbered by category as in the seed crate. Codes are never renumbered or
 * reused; new ones are added inside their category's range.
 *
 * <p>The daemon itself raises only the codes whose comment says where; the others keep the seed's
 * numbering and are there for subsystems to report their own failures with.
 *
 * <table>
 * <caption>Ranges</caption>
 * <tr><th>Range</th><th>Category</th></tr>
 * <tr><td>1000-1999</td><td>configuration</td></tr>
 * <tr><td>2000-2999</td><td>signals</td></tr>
 * <tr><td>3000-3999</td><td>shutdown</td></tr>
 * <tr><td>4000-4999</td><td>subsystems</td></tr>
 * <tr><td>5000-5999</td><td>I/O</td></tr>
 * <tr><td>6000-6999</td><td>runtime (including the instance lock)</td></tr>
 * <tr><td>7000-7999</td><td>resources</td></tr>
 * <tr><td>8000-8999</td><td>timeouts</td></tr>
 * <tr><td>9000-9999</td><td>state</td></tr>
 * <tr><td>10000-10999</td><td>platform</td></tr>
 * </table>
 */
public enum ErrorCode {
    /**
     * A setting's value is outside what is valid; thrown by {@link ShutdownTimeouts} unless
     * 0 &lt; graceful &lt; force &lt; kill.
     */
    CONFIG_INVALID(1000),
    /** A configuration file could not be parsed. */
    CONFIG_PARSE(1001),
    /** A required setting or configuration file is absent. */
    CONFIG_MISSING(1002),
    /** A setting has a value of the wrong type (text where a number is expected). */
    CONFIG_TYPE_MISMATCH(1003),

    /**
     * The JVM will not deliver a signal: it reserves it ({@code QUIT}, {@code USR2} on Linux, every
     * signal under {@code -Xrs}), or the process has ignored it since it started ({@code nohup}).
     * Thrown by {@link SignalService#subscribe}; logged at start when {@code TERM}, {@code INT} or
     * {@code HUP} cannot be handled (see {@link SignalService#refused()}).
     */
    SIGNAL_REGISTER_FAILED(2000),
    /** A signal could not be sent to a process. */
    SIGNAL_SEND_FAILED(2001),
    /** A signal name the JVM does not know, or none; thrown by {@link SignalService}. */
    SIGNAL_INVALID(2002),

    /** Shutdown did not complete within its deadline. */
    SHUTDOWN_TIMEOUT(3000),
    /**
     * Shutdown was asked for while one is in progress (the coordinator itself answers
     * {@code false} instead: see {@link ShutdownCoordinator#initiate(ShutdownReason)}).
     */
    SHUTDOWN_ALREADY_IN_PROGRESS(3001),
    /** Shutdown could not be carried out. */
    SHUTDOWN_FAILED(3002),

    /**
     * A subsystem could not be started: the supervisor could not obtain its service (its component
     * failed to activate). Recorded as the run's failure in {@link SubsystemInfo#lastError()}.
     */
    SUBSYSTEM_START_FAILED(4000),
    /** A subsystem could not be stopped. */
    SUBSYSTEM_STOP_FAILED(4001),
    /**
     * No subsystem has the name asked for; thrown by {@link Supervisor#start},
     * {@link Supervisor#stop} and {@link Supervisor#restart}, naming the known subsystems.
     */
    SUBSYSTEM_NOT_FOUND(4002),
    /**
     * A second subsystem service has a name already taken (see {@link Subsystem#NAME_PROPERTY}):
     * the supervisor logs it with this code and does not run the newcomer.
     */
    SUBSYSTEM_ALREADY_REGISTERED(4003),
    /**
     * A request the daemon's state does not allow: an operator's start or restart while the daemon
     * shuts down, or one the supervisor could not complete (interrupted, or it did not answer).
     */
    SUBSYSTEM_STATE_INVALID(4004),

    /** A read or write failed. */
    IO_ERROR(5000),
    /** A file the daemon needs does not exist. */
    FILE_NOT_FOUND(5001),
    /** The daemon may not read or write a file it needs. */
    FILE_PERMISSION_DENIED(5002),

    /** An unexpected internal failure. */
    RUNTIME_PANIC(6000),
    /** A failure on a thread other than the caller's, reported after the fact. */
    RUNTIME_ASYNC_ERROR(6001),
    /**
     * The instance lock could not be taken (the launcher itself reports a second daemon on one home
     * by its exit code, not with this code).
     */
    LOCK_FAILED(6002),
    /** A thread or process could not be started. */
    RUNTIME_SPAWN_ERROR(6003),
    /** Something the runtime needs (a service, a bundle) is not there. */
    MISSING_RUNTIME(6004),

    /** Memory is exhausted. */
    RESOURCE_EXHAUSTED_MEMORY(7000),
    /** CPU time is exhausted. */
    RESOURCE_EXHAUSTED_CPU(7001),
    /** The process has no file descriptors left. */
    RESOURCE_EXHAUSTED_FILE_DESCRIPTORS(7002),

    /** An operation did not finish within its time limit. */
    TIMEOUT_OPERATION(8000),
    /** A connection was not established within its time limit. */
    TIMEOUT_CONNECTION(8001),

    /** A state change the state machine does not allow. */
    INVALID_STATE_TRANSITION(9000),
    /** A state name that is not one of the states. */
    INVALID_STATE_VALUE(9001),

    /** The operating system is not supported. */
    PLATFORM_NOT_SUPPORTED(10000),
    /** A feature the operating system or the JVM does not offer here. */
    PLATFORM_FEATURE_NOT_AVAILABLE(10001);

    private final int number;

    ErrorCode(int number) {
        this.number = number;
    }

    /**
     * Returns the stable number, for example 1000 for {@link #CONFIG_INVALID}.
     *
     * @return the stable number, for example 1000 for {@link #CONFIG_INVALID}
     */
    public int number() {
        return number;
    }

    /**
     * Returns the category: {@code config}, {@code signal}, {@code shutdown}, ... by number range.
     *
     * @return the category: {@code config}, {@code signal}, {@code shutdown}, ... by number range
     */
    public String category() {
        return switch (number / 1000) {
            case 1 -> "config";
            case 2 -> "signal";
            case 3 -> "shutdown";
            case 4 -> "subsystem";
            case 5 -> "io";
            case 6 -> "runtime";
            case 7 -> "resource";
            case 8 -> "timeout";
            case 9 -> "state";
            default -> "platform";
        };
    }

    /**
     * Returns {@code CONFIG_INVALID(1000)}.
     *
     * @return {@code CONFIG_INVALID(1000)}
     */
    @Override
    public String toString() {
        return name() + "(" + number + ")";
    }
}
