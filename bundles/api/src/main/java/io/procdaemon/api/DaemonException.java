package io.procdaemon.api;

import java.util.Objects;

/**
 * The one exception type of the daemon: every failure it reports carries a stable {@link ErrorCode}.
 * Messages name their subject (the file, key, signal or subsystem), the bad value, and what would
 * be valid.
 */
public class DaemonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The stable code, also in front of the message. */
    private final ErrorCode code;
    /** The message as given, without the code. */
    private final String detail;

    /**
     * A failure with its code.
     *
     * @param code the stable code
     * @param message what failed, naming its subject
     */
    public DaemonException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /**
     * A failure with its code and its cause.
     *
     * @param code the stable code
     * @param message what failed, naming its subject
     * @param cause the underlying failure, or {@code null}
     */
    public DaemonException(ErrorCode code, String message, Throwable cause) {
        super("[" + Objects.requireNonNull(code, "code") + "] " + message, cause);
        this.code = code;
        this.detail = message;
    }

    /**
     * Returns the stable error code.
     *
     * @return the stable error code
     */
    public ErrorCode code() {
        return code;
    }

    /**
     * Returns the message without the code in front, for output where the code would be noise (a shell
     * command's error line).
     *
     * @return the message without the code in front, for output where the code would be noise
     *         (a shell command's error line)
     * @since 1.1
     */
    public String detail() {
        return detail;
    }
}
