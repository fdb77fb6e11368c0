package io.procdaemon.shell.commands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Formatting shared by the commands: durations as people read them, and aligned tables. */
final class Text {

    /** The longest duration {@link #parseDuration} accepts. */
    static final Duration LONGEST_DURATION = Duration.ofDays(1);

    private Text() {
    }

    /** @return {@code 1d 02h}, {@code 3h 04m}, {@code 5m 06s}, {@code 7.2s} or {@code 340ms} */
    static String duration(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        long seconds = millis / 1000;
        if (seconds >= 86_400) {
            return String.format(Locale.ROOT, "%dd %02dh", seconds / 86_400, seconds % 86_400 / 3600);
        }
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
        }
        if (seconds >= 60) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        if (millis >= 1000) {
            // Tenths truncated, as the other units are: 59.999 s is 59.9s, never 60.0s.
            return seconds + "." + millis % 1000 / 100 + "s";
        }
        return millis + "ms";
    }

    /**
     * Parses a duration as operators write it: {@code 2000} (milliseconds), {@code 500ms}, {@code 2s},
     * {@code 1m}; more than zero and at most {@link #LONGEST_DURATION} (the shutdown ladder computes
     * its deadlines in nanoseconds, which a longer one could overflow).
     *
     * @throws IllegalArgumentException naming the input and the valid forms
     */
    static Duration parseDuration(String what, String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (value.endsWith("ms")) {
                return positive(what, text, Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2).strip())));
            }
            if (value.endsWith("s")) {
                return positive(what, text, Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1).strip()) * 1000)));
            }
            if (value.endsWith("m")) {
                return positive(what, text, Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1).strip()) * 60_000)));
            }
            return positive(what, text, Duration.ofMillis(Long.parseLong(value)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a duration; use milliseconds (2000) or a unit: 500ms, 2s, 1m");
        }
    }

    private static Duration positive(String what, String text, Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " '" + text + "' must be more than zero");
        }
        if (duration.compareTo(LONGEST_DURATION) > 0) {
            throw new IllegalArgumentException(what + " '" + text + "' is too long; at most 1 day ("
                    + LONGEST_DURATION.toMillis() + " ms)");
        }
        return duration;
    }

    /** First line of a message, cut to {@code max} characters. */
    static String shorten(String text, int max) {
        String line = text.lines().findFirst().orElse("").strip();
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }

    /** A table: a header row, then rows; columns padded to their widest cell, the last one not. */
    static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            rows.add(header);
        }

        Table row(Object... cells) {
            String[] text = new String[cells.length];
            for (int i = 0; i < cells.length; i++) {
                text[i] = String.valueOf(cells[i]);
            }
            rows.add(text);
            return this;
        }

        @Override
        public String toString() {
            int columns = rows.get(0).length;
            int[] widths = new int[columns];
            for (String[] row : rows) {
                for (int i = 0; i < columns; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            StringBuilder out = new StringBuilder();
            for (String[] row : rows) {
                for (int i = 0; i < columns; i++) {
                    out.append(i == columns - 1 ? row[i] : String.format(Locale.ROOT, "%-" + (widths[i] + 2) + "s", row[i]));
                }
                out.append('\n');
            }
            return out.toString().replaceAll(" +\n", "\n");
        }
    }
}
