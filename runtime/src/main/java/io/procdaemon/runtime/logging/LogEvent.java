package io.procdaemon.runtime.logging;

import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.LogRecord;

/**
 * A record as it was published: the {@link LogRecord} with what only the moment of publishing
 * knows, the thread and the subsystem. An event may be written long after it was published (it
 * waits in {@link DaemonLogHandler}'s early buffer until the configuration is read), so both are
 * taken at once.
 *
 * <p>Where the fields come from:
 * <ul>
 * <li>{@code thread}: the publishing thread's name; a record that implements
 *     {@code Supplier<Map<String, String>>} (a JDK type, so no class crosses the framework
 *     boundary) may give its own {@code thread}, {@code bundle} and {@code subsystem}. The logging
 *     bundle does so for the OSGi Log service's entries, which it forwards from Felix Log's
 *     thread.</li>
 * <li>{@code subsystem}: the supervisor runs each subsystem on a thread named
 *     {@value #SUBSYSTEM_THREAD}{@code <name>}, in a thread group of that name; what that thread
 *     logs, through any API, carries the name, and so does what the threads it starts log (they
 *     join its group unless given another). Thread and group are the carrier because they cost
 *     nothing and cannot be forgotten by the subsystem's code, whatever API it logs through.</li>
 * </ul>
 *
 * @param record the record
 * @param thread the name of the thread that logged it
 * @param bundle the symbolic name of the bundle that logged it, or {@code null} when not known
 * @param subsystem the subsystem whose thread logged it, or {@code null}
 */
public record LogEvent(LogRecord record, String thread, String bundle, String subsystem) {

    /** The prefix of the supervisor's run threads ({@code SupervisedSubsystem}). */
    public static final String SUBSYSTEM_THREAD = "subsystem-";

    /** @return the event for a record published now, on the calling thread */
    public static LogEvent of(LogRecord record) {
        String thread = Thread.currentThread().getName();
        String bundle = null;
        String subsystem = null;
        if (record instanceof Supplier<?> supplier && supplier.get() instanceof Map<?, ?> fields) {
            thread = text(fields.get("thread"), thread);
            bundle = text(fields.get("bundle"), null);
            subsystem = text(fields.get("subsystem"), null);
        }
        if (subsystem == null) {
            subsystem = subsystemOf(thread);
        }
        if (subsystem == null) {
            ThreadGroup group = Thread.currentThread().getThreadGroup();
            subsystem = group == null ? null : subsystemOf(group.getName());
        }
        return new LogEvent(record, thread, bundle, subsystem);
    }

    /** @return the name after {@value #SUBSYSTEM_THREAD}, or {@code null} */
    private static String subsystemOf(String name) {
        return name.startsWith(SUBSYSTEM_THREAD) && name.length() > SUBSYSTEM_THREAD.length()
                ? name.substring(SUBSYSTEM_THREAD.length()) : null;
    }

    private static String text(Object value, String otherwise) {
        return value == null ? otherwise : value.toString();
    }
}
