package io.procdaemon.api;

import java.util.Map;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Unix signals, as the daemon handles them. Registered as an OSGi service by the core bundle.
 *
 * <ul>
 * <li>{@code TERM} and {@code INT} initiate a graceful shutdown with reason
 * {@link ShutdownReason#signal(int)}; a second one while shutting down skips to forcing.</li>
 * <li>{@code HUP} is published to subscribers (configuration reload).</li>
 * <li>Other signals the JVM lets a program handle ({@code USR1}) can be subscribed to.</li>
 * </ul>
 * Signals the JVM refuses (for example {@code QUIT}, used for thread dumps, or every signal under
 * {@code -Xrs}) are reported by {@link #refused()} and in the log, never ignored silently.
 */
@ProviderType
public interface SignalService {

    /** A subscription; closing it stops delivery. Idempotent. */
    interface Subscription extends AutoCloseable {
        /** Stops delivery to this subscription's listener. */
        @Override
        void close();
    }

    /**
     * Returns the subscription.
     *
     * @param signal a signal name without {@code SIG} ({@code HUP}, {@code USR1}, ...), case-insensitive
     * @param listener called for each delivery of that signal
     * @return the subscription
     * @throws DaemonException {@link ErrorCode#SIGNAL_INVALID} for an unknown name,
     *         {@link ErrorCode#SIGNAL_REGISTER_FAILED} when the JVM refuses the signal
     */
    Subscription subscribe(String signal, SignalListener listener);

    /**
     * Handles a signal as if the operating system had delivered it to the daemon: {@code HUP}
     * reaches the reload subscribers, {@code TERM} shuts down. The shell's {@code daemon:reload}
     * raises {@code HUP} this way, so a reload means the same thing whichever way it is asked for.
     *
     * @param signal a signal name without {@code SIG}, case-insensitive
     * @throws DaemonException {@link ErrorCode#SIGNAL_INVALID} for an unknown name
     * @since 1.1
     */
    void raise(String signal);

    /**
     * Returns the signals with a handler installed, by name.
     *
     * @return the signals with a handler installed, by name
     */
    Set<String> handled();

    /**
     * Returns signals whose handler the JVM refused, by name, with the JVM's reason.
     *
     * @return signals whose handler the JVM refused, by name, with the JVM's reason
     */
    Map<String, String> refused();
}
