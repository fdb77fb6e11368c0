package io.procdaemon.runtime;

/** A failure that ends the launch with a given exit code and a one-line message for the operator. */
final class LaunchException extends Exception {

    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;

    LaunchException(ExitCode exitCode, String message) {
        this(exitCode, message, null);
    }

    LaunchException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    ExitCode exitCode() {
        return exitCode;
    }
}
