package io.procdaemon.api;

/**
 * Stable error codes, numbered by category as in the seed crate. Codes are never renumbered or
 * reused; new ones are added inside their category's range.
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
    CONFIG_INVALID(1000),
    CONFIG_PARSE(1001),
    CONFIG_MISSING(1002),
    CONFIG_TYPE_MISMATCH(1003),

    SIGNAL_REGISTER_FAILED(2000),
    SIGNAL_SEND_FAILED(2001),
    SIGNAL_INVALID(2002),

    SHUTDOWN_TIMEOUT(3000),
    SHUTDOWN_ALREADY_IN_PROGRESS(3001),
    SHUTDOWN_FAILED(3002),

    SUBSYSTEM_START_FAILED(4000),
    SUBSYSTEM_STOP_FAILED(4001),
    SUBSYSTEM_NOT_FOUND(4002),
    SUBSYSTEM_ALREADY_REGISTERED(4003),
    SUBSYSTEM_STATE_INVALID(4004),

    IO_ERROR(5000),
    FILE_NOT_FOUND(5001),
    FILE_PERMISSION_DENIED(5002),

    RUNTIME_PANIC(6000),
    RUNTIME_ASYNC_ERROR(6001),
    LOCK_FAILED(6002),
    RUNTIME_SPAWN_ERROR(6003),
    MISSING_RUNTIME(6004),

    RESOURCE_EXHAUSTED_MEMORY(7000),
    RESOURCE_EXHAUSTED_CPU(7001),
    RESOURCE_EXHAUSTED_FILE_DESCRIPTORS(7002),

    TIMEOUT_OPERATION(8000),
    TIMEOUT_CONNECTION(8001),

    INVALID_STATE_TRANSITION(9000),
    INVALID_STATE_VALUE(9001),

    PLATFORM_NOT_SUPPORTED(10000),
    PLATFORM_FEATURE_NOT_AVAILABLE(10001);

    private final int number;

    ErrorCode(int number) {
        this.number = number;
    }

    /** @return the stable number, for example 1000 for {@link #CONFIG_INVALID} */
    public int number() {
        return number;
    }

    /** @return the category: {@code config}, {@code signal}, {@code shutdown}, ... by number range */
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

    /** @return {@code CONFIG_INVALID(1000)} */
    @Override
    public String toString() {
        return name() + "(" + number + ")";
    }
}
