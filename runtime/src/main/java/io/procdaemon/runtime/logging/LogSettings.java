package io.procdaemon.runtime.logging;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where and how the daemon's log is written, from the {@code logging.*} keys of
 * {@code etc/daemon.toml} (validated by the configuration bundle's schema before they get here)
 * and from how the daemon was launched.
 *
 * <ul>
 * <li>The console is standard error. Under {@code bin/proc-daemon start} it is not written
 *     ({@code start} points the JVM's standard output and error at {@code log/proc-daemon.out},
 *     which keeps what only the JVM writes there: a crash report, {@code -Xlog}, a thread dump);
 *     the log goes to the file instead, {@code log/proc-daemon.log} unless {@code logging.file}
 *     names another.</li>
 * <li>Under {@code run} (a terminal, systemd's journal, a container's log) the console is
 *     written, and a file too when {@code logging.file} names one.</li>
 * <li>Color only on the console, only as text, only when {@code logging.color} is on and standard
 *     error is a terminal ({@code bin/proc-daemon} asks the shell: {@code [ -t 2 ]}).</li>
 * </ul>
 *
 * @param json JSON lines instead of text ({@code logging.json})
 * @param color color the console's level names
 * @param console write to standard error
 * @param file the file written, or {@code null} for none
 * @param maxFileSize bytes after which the file is rotated, 0 for never ({@code logging.max_file_size})
 * @param maxFiles files kept, the one written included ({@code logging.max_files})
 */
public record LogSettings(boolean json, boolean color, boolean console, Path file, long maxFileSize, int maxFiles) {

    /** System property bin/proc-daemon sets under {@code start}: the console is no place for the log. */
    public static final String BACKGROUND_PROPERTY = "proc-daemon.log.background";
    /** System property bin/proc-daemon sets when standard error is a terminal. */
    public static final String TERMINAL_PROPERTY = "proc-daemon.log.terminal";
    /** The file {@code start} writes when {@code logging.file} is not set, relative to the home. */
    public static final String DEFAULT_FILE = "log/proc-daemon.log";

    /**
     * How the daemon was launched.
     *
     * @param home the home, against which a relative {@code logging.file} is resolved
     * @param background launched by {@code start}
     * @param terminal standard error is a terminal
     */
    public record Launch(Path home, boolean background, boolean terminal) {

        /** @return the launch as bin/proc-daemon describes it in system properties */
        public static Launch fromSystemProperties() {
            String home = System.getProperty("proc-daemon.home");
            return new Launch(Path.of(home == null ? "" : home).toAbsolutePath(), Boolean.getBoolean(BACKGROUND_PROPERTY),
                    Boolean.getBoolean(TERMINAL_PROPERTY));
        }
    }

    /** @return the settings of an {@code etc/daemon.toml} at its defaults */
    public static LogSettings defaults(Launch launch) {
        return from(Map.of(), launch);
    }

    /**
     * @param configuration the daemon's configuration; a missing key takes its default
     * @param launch how the daemon was launched
     */
    public static LogSettings from(Map<String, ?> configuration, Launch launch) {
        boolean json = flag(configuration.get("logging.json"), false);
        boolean color = flag(configuration.get("logging.color"), true);
        Object named = configuration.get("logging.file");
        String file = named == null ? "" : named.toString().strip();
        Path path = !file.isEmpty() ? launch.home().resolve(file) : launch.background() ? launch.home().resolve(DEFAULT_FILE) : null;
        long maxFileSize = number(configuration.get("logging.max_file_size"), 104_857_600L);
        long maxFiles = number(configuration.get("logging.max_files"), 5L);
        boolean console = !launch.background();
        return new LogSettings(json, color && console && launch.terminal() && !json, console,
                path == null ? null : path.normalize(), Math.max(0, maxFileSize),
                (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxFiles)));
    }

    /** @return e.g. {@code JSON lines to standard error and /opt/pd/log/app.log (rotated at 1048576 bytes, 3 files kept)} */
    public String describe() {
        String to = console && file != null ? "standard error and " + file : console ? "standard error" : String.valueOf(file);
        String rotation = file == null ? ""
                : maxFileSize == 0 ? " (not rotated)" : " (rotated at " + maxFileSize + " bytes, " + maxFiles + " files kept)";
        return (json ? "JSON lines" : color ? "colored text" : "text") + " to " + to + rotation;
    }

    private static boolean flag(Object value, boolean otherwise) {
        return value instanceof Boolean b ? b : value == null ? otherwise : Boolean.parseBoolean(value.toString());
    }

    private static long number(Object value, long otherwise) {
        return value instanceof Number n ? n.longValue() : otherwise;
    }

    // equals and hashCode written out: a record's generated ones are bootstrapped through
    // java.lang.runtime.ObjectMethods on first use, which spins method handles for tens of
    // milliseconds of the boot on a small machine (docs/PERFORMANCE.md, issue 14); the log
    // compares its settings when the core hands them over, before the daemon is ready.
    @Override
    public boolean equals(Object other) {
        return other instanceof LogSettings o && json == o.json && color == o.color && console == o.console
                && java.util.Objects.equals(file, o.file) && maxFileSize == o.maxFileSize && maxFiles == o.maxFiles;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(json, color, console, file, maxFileSize, maxFiles);
    }
}
