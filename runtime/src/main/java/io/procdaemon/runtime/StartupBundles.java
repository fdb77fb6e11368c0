package io.procdaemon.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bundles started at boot, read from {@code etc/startup.properties}: one line per bundle,
 * {@code <jar file in system/> = <start level>}, installed in the order listed and started by
 * start level (lower first). Comments start with {@code #} or {@code !}.
 *
 * <p>Unlike {@link java.util.Properties} this keeps the order of the lines and reports errors
 * with the file and line number.
 */
final class StartupBundles {

    /** Start levels a startup bundle may use; deploy/ bundles start above them. */
    static final int MIN_LEVEL = 1;
    static final int MAX_LEVEL = 79;

    /**
     * @param jar the bundle file, absolute
     * @param startLevel its start level
     * @param line the line of etc/startup.properties it came from
     */
    record Entry(Path jar, int startLevel, int line) {
    }

    private StartupBundles() {
    }

    static List<Entry> read(DaemonHome home) throws LaunchException {
        return read(home, "startup.properties");
    }

    /**
     * The bundles of {@code etc/startup.properties} followed by those of {@code etc/console.properties},
     * for {@code bin/proc-daemon console}.
     */
    static List<Entry> readWithConsole(DaemonHome home) throws LaunchException {
        List<Entry> all = new ArrayList<>(read(home));
        all.addAll(read(home, "console.properties"));
        return all;
    }

    private static List<Entry> read(DaemonHome home, String name) throws LaunchException {
        Path file = home.etc().resolve(name);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LaunchException(ExitCode.BAD_CONFIGURATION,
                    "cannot read " + home.show(file) + ": " + e.getMessage(), e);
        }
        return parse(home, home.show(file), lines);
    }

    static List<Entry> parse(DaemonHome home, String fileName, List<String> lines) throws LaunchException {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNumber = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            int separator = line.indexOf('=');
            if (separator < 0) {
                throw bad(fileName, lineNumber, "'" + line + "' is not of the form <jar in system/> = <start level>");
            }
            String name = line.substring(0, separator).strip();
            String level = line.substring(separator + 1).strip();
            Path jar = home.system().resolve(name).normalize();
            if (name.isEmpty() || !jar.startsWith(home.system())) {
                throw bad(fileName, lineNumber, "'" + name + "' must name a jar file inside system/");
            }
            if (!Files.isRegularFile(jar)) {
                throw bad(fileName, lineNumber, "bundle " + home.show(jar) + " does not exist");
            }
            entries.add(new Entry(jar, parseLevel(fileName, lineNumber, name, level), lineNumber));
        }
        if (entries.isEmpty()) {
            throw new LaunchException(ExitCode.BAD_CONFIGURATION, fileName + " lists no bundle");
        }
        return entries;
    }

    private static int parseLevel(String fileName, int lineNumber, String name, String level) throws LaunchException {
        try {
            int value = Integer.parseInt(level);
            if (value >= MIN_LEVEL && value <= MAX_LEVEL) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below with the valid range.
        }
        throw bad(fileName, lineNumber, "start level '" + level + "' of " + name + " is not a whole number from "
                + MIN_LEVEL + " to " + MAX_LEVEL);
    }

    private static LaunchException bad(String fileName, int line, String message) {
        return new LaunchException(ExitCode.BAD_CONFIGURATION, fileName + " line " + line + ": " + message);
    }
}
