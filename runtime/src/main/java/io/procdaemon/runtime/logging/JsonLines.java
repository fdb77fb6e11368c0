package io.procdaemon.runtime.logging;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * JSON lines: one object per event, on one line, fields in this order, a field left out when it
 * has no value:
 * <pre>
 * {"time":"2026-12-01T10:25:31.123Z","level":"WARNING","logger":"org.acme.Worker","thread":"subsystem-worker",
 *  "message":"queue is full","exception":"java.lang.IllegalStateException: ...\n\tat ...","bundle":"org.acme","subsystem":"worker"}
 * </pre>
 * (shown on two lines here). {@code time} is ISO-8601 with milliseconds and offset, {@code level}
 * the java.util.logging name (SEVERE, WARNING, INFO, CONFIG, FINE, FINER, FINEST), {@code exception}
 * the whole stack trace as one string. Every line is valid JSON whatever a message holds: quotes,
 * backslashes, control characters and unpaired surrogates are escaped.
 *
 * <p>Written by hand: eight string fields need a string escaper of a few lines, and a JSON library
 * would be loaded on the boot path of every daemon that logs JSON.
 */
public final class JsonLines extends Formatter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final ZoneId zone;

    /** @param zone the time zone of the times written */
    public JsonLines(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public String format(LogRecord record) {
        return format(LogEvent.of(record));
    }

    /** @return the event's JSON object and a newline */
    public String format(LogEvent event) {
        LogRecord record = event.record();
        StringBuilder line = new StringBuilder(256);
        line.append("{\"time\":\"");
        TIME.formatTo(record.getInstant().atZone(zone), line);
        line.append('"');
        field(line, "level", record.getLevel().getName());
        field(line, "logger", record.getLoggerName());
        field(line, "thread", event.thread());
        field(line, "message", formatMessage(record));
        field(line, "exception", TextLines.stackTrace(record.getThrown()));
        field(line, "bundle", event.bundle());
        field(line, "subsystem", event.subsystem());
        return line.append("}\n").toString();
    }

    private static void field(StringBuilder line, String name, String value) {
        if (value != null) {
            line.append(",\"").append(name).append("\":");
            quote(line, value);
        }
    }

    /** Appends {@code text} as a JSON string. */
    static void quote(StringBuilder line, String text) {
        line.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                case '\b' -> line.append("\\b");
                case '\f' -> line.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || unpairedSurrogate(text, i)) {
                        unicode(line, c);
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        line.append('"');
    }

    /** A surrogate without its partner cannot be encoded in UTF-8: written as an escape instead of '?'. */
    private static boolean unpairedSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return false;
    }

    private static void unicode(StringBuilder line, char c) {
        line.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
    }
}
