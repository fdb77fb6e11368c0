package io.procdaemon.api;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Why the daemon is shutting down. Immutable; compare with {@link #equals(Object)}.
 *
 * <p>The kinds are those of the seed: a signal (with its number), a request (shell command, API
 * call), an error, exhausted resources, and forced.
 */
public final class ShutdownReason {

    /** The kinds of reason. */
    public enum Kind {
        /** A Unix signal such as SIGTERM (15) or SIGINT (2). */
        SIGNAL,
        /** Asked for by an operator or by code. */
        REQUESTED,
        /** A critical failure inside the daemon. */
        ERROR,
        /** Memory, CPU or file descriptors ran out. */
        RESOURCE_EXHAUSTED,
        /** Shutdown that skips the graceful phase. */
        FORCED
    }

    /** Shutdown asked for by an operator or by code. */
    public static final ShutdownReason REQUESTED = new ShutdownReason(Kind.REQUESTED, 0);
    /** Shutdown caused by a critical failure. */
    public static final ShutdownReason ERROR = new ShutdownReason(Kind.ERROR, 0);
    /** Shutdown caused by exhausted resources. */
    public static final ShutdownReason RESOURCE_EXHAUSTED = new ShutdownReason(Kind.RESOURCE_EXHAUSTED, 0);
    /** Shutdown that skips the graceful phase. */
    public static final ShutdownReason FORCED = new ShutdownReason(Kind.FORCED, 0);

    private final Kind kind;
    private final int signalNumber;

    private ShutdownReason(Kind kind, int signalNumber) {
        this.kind = kind;
        this.signalNumber = signalNumber;
    }

    /**
     * Returns the reason for a shutdown caused by that signal.
     *
     * @param number the signal's number, for example 15 for SIGTERM
     * @return the reason for a shutdown caused by that signal
     * @throws IllegalArgumentException if {@code number} is not positive
     */
    public static ShutdownReason signal(int number) {
        if (number <= 0) {
            throw new IllegalArgumentException("signal number must be positive, got " + number);
        }
        return new ShutdownReason(Kind.SIGNAL, number);
    }

    /**
     * Returns the kind of reason.
     *
     * @return the kind of reason
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns the signal's number for {@link Kind#SIGNAL}, empty otherwise.
     *
     * @return the signal's number for {@link Kind#SIGNAL}, empty otherwise
     */
    public OptionalInt signalNumber() {
        return kind == Kind.SIGNAL ? OptionalInt.of(signalNumber) : OptionalInt.empty();
    }

    /**
     * Returns {@code true} for reasons that mean something went wrong (error, resources).
     *
     * @return {@code true} for reasons that mean something went wrong (error, resources)
     */
    public boolean isFailure() {
        return kind == Kind.ERROR || kind == Kind.RESOURCE_EXHAUSTED;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ShutdownReason that && kind == that.kind && signalNumber == that.signalNumber;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, signalNumber);
    }

    /**
     * Returns {@code Signal(15)}, {@code Requested}, {@code Error}, {@code ResourceExhausted} or {@code
     * Forced}.
     *
     * @return {@code Signal(15)}, {@code Requested}, {@code Error}, {@code ResourceExhausted} or {@code
     * Forced}
     */
    @Override
    public String toString() {
        return switch (kind) {
            case SIGNAL -> "Signal(" + signalNumber + ")";
            case REQUESTED -> "Requested";
            case ERROR -> "Error";
            case RESOURCE_EXHAUSTED -> "ResourceExhausted";
            case FORCED -> "Forced";
        };
    }
}
