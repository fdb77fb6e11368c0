package io.procdaemon.runtime.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * The daemon's plain text lines, as they have always been: time with milliseconds and offset,
 * level padded to 7, the logger in brackets, the message, then the stack trace on the lines after
 * it:
 * <pre>
 * 2026-12-01T10:25:31.123+0000 INFO    [io.procdaemon.launcher] proc-daemon ready in 310 ms ...
 * 2026-12-01T10:25:32.001+0000 WARNING [org.acme.Worker] [subsystem=worker] queue is full
 * </pre>
 * A line logged on a subsystem's thread carries {@code [subsystem=<name>]} after the logger, so
 * {@code grep 'subsystem=worker'} selects that subsystem's lines (the supervisor's own reports
 * about it say {@code subsystem=worker} too).
 *
 * <p>With color (only ever on a terminal) the level is colored: SEVERE red, WARNING yellow, INFO
 * green, finer levels dim. A {@link Formatter}, so that other parts (the shell's {@code log:*}
 * commands) format records exactly as the log does.
 */
public final class TextLines extends Formatter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final String RESET = "\u001b[0m";

    private final ZoneId zone;

    /** @param zone the time zone of the times written */
    public TextLines(ZoneId zone) {
        this.zone = zone;
    }

    /** Text in the JVM's default time zone, as before. */
    public TextLines() {
        this(ZoneId.systemDefault());
    }

    @Override
    public String format(LogRecord record) {
        return format(LogEvent.of(record), false);
    }

    /**
     * @param event the event
     * @param color whether to color the level (ANSI escapes)
     * @return the line, with the stack trace if any, ending with a newline
     */
    public String format(LogEvent event, boolean color) {
        LogRecord record = event.record();
        StringBuilder line = new StringBuilder(128);
        TIME.formatTo(record.getInstant().atZone(zone), line);
        line.append(' ');
        String level = record.getLevel().getName();
        if (color) {
            line.append(colorOf(record.getLevel())).append(level).append(RESET);
        } else {
            line.append(level);
        }
        for (int i = level.length(); i < 7; i++) {
            line.append(' ');
        }
        line.append(" [").append(record.getLoggerName()).append("] ");
        if (event.subsystem() != null) {
            line.append("[subsystem=").append(event.subsystem()).append("] ");
        }
        line.append(formatMessage(record));
        String trace = stackTrace(record.getThrown());
        if (trace != null) {
            line.append('\n').append(trace);
        } else {
            line.append('\n');
        }
        return line.toString();
    }

    /** @return the stack trace as {@link Throwable#printStackTrace()} writes it (ending with a newline), or {@code null} */
    static String stackTrace(Throwable thrown) {
        if (thrown == null) {
            return null;
        }
        StringWriter text = new StringWriter();
        try (PrintWriter writer = new PrintWriter(text)) {
            thrown.printStackTrace(writer);
        }
        return text.toString().replace(System.lineSeparator(), "\n");
    }

    private static String colorOf(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "\u001b[31m";
        } else if (value >= Level.WARNING.intValue()) {
            return "\u001b[33m";
        } else if (value >= Level.INFO.intValue()) {
            return "\u001b[32m";
        }
        return "\u001b[2m";
    }
}
