package io.procdaemon.config.daemon;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.procdaemon.api.ShutdownTimeouts;
import io.procdaemon.config.toml.ConfigProblem;
import io.procdaemon.config.toml.Translation;

/**
 * The schema of the daemon's own configuration: {@code etc/daemon.toml}, delivered through
 * ConfigAdmin under the PID {@value #PID}. It validates a {@link Translation} of the file, fills
 * in the defaults, and applies the environment overrides of {@link EnvironmentOverrides}; the
 * precedence is fixed: built-in default &lt; file &lt; environment.
 *
 * <p>The keys and defaults are those of the seed crate (proc-daemon's {@code Config}), with its
 * snake_case names flattened with dots by section. Integers are {@link Long}, flags
 * {@link Boolean}, the rest {@link String}; there are no decimals.
 *
 * <p>{@link #KEYS} is the one definition of the keys: name, type, default, whether a change applies
 * live, what is valid and what the key does. The key table of {@code docs/configuration.md} is
 * generated from it, and each key's comment in the shipped {@code etc/daemon.toml} is checked
 * against it, by the build ({@code DocumentedDaemonKeysTest}, {@code ShippedDaemonTomlTest}). The
 * components that read the configuration hold no defaults of their own: the configuration bundle
 * always delivers every key (see {@link #withDefaults(Map)}); the shutdown deadlines' defaults are
 * the API's {@link ShutdownTimeouts#DEFAULTS}.
 *
 * <p>Rules across keys: {@code 0 < shutdown.graceful < shutdown.force < shutdown.kill}; an interval
 * of 0 only while its feature ({@code monitoring.enable_metrics}, {@code monitoring.health_checks})
 * is off. They are checked on the effective values (defaults, file and environment together).
 *
 * <p>The seed's optional key {@code logging.file} has no value by default; ConfigAdmin cannot hold
 * a null, so "not set" is the empty string.
 *
 * <p>Keys of the seed that mean nothing here are gone ({@link #removedKeys()}): every
 * {@code performance.*} key, {@code work_dir} and {@code pid_file}. A file or a {@code DAEMON_*}
 * variable that sets one is refused with the reason, so nobody believes a setting acts that does not.
 */
public final class DaemonSchema {

    /** The ConfigAdmin PID of this configuration. */
    public static final String PID = "io.procdaemon.daemon";

    /** The file as operators name it. */
    public static final String FILE = "etc/daemon.toml";

    /** The value types of the schema, as ConfigAdmin receives them. */
    public enum Type {
        /** {@link Long}. */
        INTEGER,
        /** {@link Boolean}. */
        BOOLEAN,
        /** {@link String}. */
        STRING
    }

    /**
     * One key of the schema.
     *
     * @param name the dotted key, e.g. {@code shutdown.graceful}
     * @param type its type
     * @param defaultValue its default: a {@link Long}, {@link Boolean} or {@link String}
     *        ({@code ""} for an optional key: not set)
     * @param live {@code true} when a change applies to the running daemon, {@code false} when it
     *        needs a restart
     * @param unit for integers, what they count ({@code milliseconds}, {@code bytes}, ...); else empty
     * @param min for integers, the smallest valid value
     * @param max for integers, the largest valid value
     * @param allowed for enumerated strings, the valid values; else empty
     * @param optional {@code true} when the empty string means "not set" (a path)
     * @param note what a special value means, or what another key requires; may be empty
     * @param summary what the key does, one sentence for operators: the first line of its comment in
     *        the shipped file and its row in the documentation
     */
    public record Key(String name, Type type, Object defaultValue, boolean live, String unit, long min, long max,
            List<String> allowed, boolean optional, String note, String summary) {

        /** @return the section, e.g. {@code shutdown}; empty for a top-level key */
        public String section() {
            int dot = name.indexOf('.');
            return dot < 0 ? "" : name.substring(0, dot);
        }

        /** @return the name within its section, e.g. {@code graceful} */
        public String simpleName() {
            return name.substring(name.indexOf('.') + 1);
        }

        /** @return the type as a phrase: {@code a whole number of milliseconds}, {@code true or false} */
        public String expected() {
            return switch (type) {
                case INTEGER -> "a whole number of " + unit;
                case BOOLEAN -> "true or false";
                case STRING -> !optional ? "a string" : unit.isEmpty() ? "a string (a path)" : "a string (a " + unit + ")";
            };
        }

        /** @return what is valid, as a phrase: {@code 1 or more milliseconds}, {@code one of trace, ...} */
        public String valid() {
            String text = switch (type) {
                case INTEGER -> max == Long.MAX_VALUE ? min + " or more " + unit : min + " to " + max + " " + unit;
                case BOOLEAN -> "true or false";
                case STRING -> !allowed.isEmpty() ? "one of " + String.join(", ", allowed)
                        : optional ? (unit.isEmpty() ? "a path" : "a " + unit) + ", or \"\" for not set" : "a non-blank string";
            };
            return note.isEmpty() ? text : text + " (" + note + ")";
        }

        /** @return the default as written in TOML ({@code "info"}, {@code 5000}, {@code true}), or {@code not set} */
        public String shownDefault() {
            if (optional && "".equals(defaultValue)) {
                return "not set";
            }
            return defaultValue instanceof String text ? '"' + text + '"' : String.valueOf(defaultValue);
        }

        /** @return {@code Applies live.} or {@code Needs a restart.} */
        public String applies() {
            return live ? "Applies live." : "Needs a restart.";
        }

        /**
         * @return the line of facts under the key's summary in the shipped file, e.g.
         *         {@code Valid: 1 or more milliseconds. Default: 5000. Applies live.}
         */
        public String facts() {
            return "Valid: " + valid() + ". Default: " + shownDefault() + ". " + applies();
        }
    }

    /** The outcome of {@link #resolve(Translation, Map)}. */
    public record Resolution(Map<String, Object> properties, Set<String> fromEnvironment,
            List<ConfigProblem> problems) {

        /** @return {@code true} when nothing was found wrong, so {@link #properties()} may be applied */
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private static final long MAX = Long.MAX_VALUE;
    /** A day: the ladder counts its deadlines in nanoseconds, and a longer stop is a mistake anyway. */
    private static final long DAY_MILLIS = 86_400_000L;
    private static final String LADDER = "0 < shutdown.graceful < shutdown.force < shutdown.kill";

    /** The one definition of every key (see the class comment), by section; the top-level keys first and last. */
    private static final List<Key> KEYS = List.of(
            text("name", "proc-daemon", false, "Name of this daemon instance, as it appears in logs and reports."),
            choice("logging.level", "info", true, "Least severe level of records that are logged.",
                    "trace", "debug", "info", "warn", "error"),
            // The log's output (the launcher's DaemonLogHandler) switches between two records: live.
            flag("logging.json", false, true, "Write each record as one JSON object per line instead of plain text."),
            flag("logging.color", true, true, "Color the level in plain-text output on a terminal; ignored when"
                    + " logging.json = true."),
            new Key("logging.file", Type.STRING, "", true, "", 0, 0, List.of(), true,
                    "relative to the home; under bin/proc-daemon start \"\" means log/proc-daemon.log",
                    "A file that records are written to, rotated by logging.max_file_size and logging.max_files: under"
                    + " run besides the console, under start instead of it."),
            integer("logging.max_file_size", 104_857_600L, true, "bytes", 0, MAX, "0: no size limit",
                    "Size at which the log file is rotated, in bytes (100 MiB by default)."),
            integer("logging.max_files", 5L, true, "files", 1, Integer.MAX_VALUE, "",
                    "How many log files are kept when rotating, the current one included."),
            // A list the flat schema cannot type: one string, entries checked by the core's LogLevels.
            new Key("logging.levels", Type.STRING, "", true, "list of logger=level entries", 0, 0, List.of(), true,
                    "comma-separated, e.g. \"io.procdaemon.supervisor=debug, org.acme=warn\"; levels trace, debug,"
                            + " info, warn, error, off, default",
                    "Levels of single loggers, over logging.level; log:set changes them live too."),
            integer("shutdown.graceful", ShutdownTimeouts.DEFAULTS.graceful().toMillis(), true, "milliseconds", 1,
                    DAY_MILLIS, LADDER, "Until this deadline subsystems and bundles stop on their own; then what is"
                    + " left is forced (interrupted) and the exit code becomes 8."),
            integer("shutdown.force", ShutdownTimeouts.DEFAULTS.force().toMillis(), true, "milliseconds", 1,
                    DAY_MILLIS, LADDER, "At this deadline the process exits without waiting for what is still"
                    + " stopping (exit code 8)."),
            integer("shutdown.kill", ShutdownTimeouts.DEFAULTS.kill().toMillis(), true, "milliseconds", 1,
                    DAY_MILLIS, LADDER, "If exiting itself hangs (a shutdown hook), the JVM is halted at this"
                    + " deadline (exit code 9)."),
            flag("monitoring.enable_metrics", true, true, "Whether the daemon's metrics are collected and exposed"
                    + " (daemon:metrics, GET /metrics of the HTTP endpoint)."),
            integer("monitoring.metrics_interval_ms", 1_000L, true, "milliseconds", 0, MAX,
                    "0 only with monitoring.enable_metrics = false",
                    "How often the daemon samples its own resources for the limits of [resources]; 0 samples nothing."),
            flag("monitoring.track_resources", true, true, "Sample the resources the daemon uses (memory, heap,"
                    + " threads, open files, CPU) and act on the limits of [resources], while one is set."),
            flag("monitoring.health_checks", true, true, "Run the subsystems' health checks."),
            integer("monitoring.health_check_interval_ms", 5_000L, true, "milliseconds", 0, MAX,
                    "0 only with monitoring.health_checks = false", "How often health checks run, for every"
                    + " subsystem that sets no health.interval.ms of its own."),
            limit("resources.rss_soft_mib", "MiB", "Soft limit on the resident memory of the process (VmRSS)."),
            limit("resources.rss_hard_mib", "MiB", "Hard limit on the resident memory of the process (VmRSS)."),
            limit("resources.heap_soft_mib", "MiB", "Soft limit on the Java heap in use after the last garbage"
                    + " collection (live data, not garbage)."),
            limit("resources.heap_hard_mib", "MiB", "Hard limit on the Java heap in use after the last garbage"
                    + " collection."),
            limit("resources.threads_soft", "threads", "Soft limit on the threads of the process."),
            limit("resources.threads_hard", "threads", "Hard limit on the threads of the process."),
            limit("resources.open_files_soft", "files", "Soft limit on the open file descriptors (files, sockets,"
                    + " pipes)."),
            limit("resources.open_files_hard", "files", "Hard limit on the open file descriptors."),
            limit("resources.cpu_soft_percent", "percent of one CPU", "Soft limit on the CPU used between two"
                    + " samples, in percent of one CPU (200 is two CPUs busy)."),
            limit("resources.cpu_hard_percent", "percent of one CPU", "Hard limit on the CPU used between two"
                    + " samples."),
            choice("resources.on_hard_limit", "shutdown", true, "What a hard limit does: shutdown (reason"
                    + " ResourceExhausted, exit code 1), heapdump (a heap dump to data/, the daemon keeps running) or"
                    + " restart (the subsystem named by resources.restart_subsystem).",
                    "shutdown", "heapdump", "restart"),
            optionalName("resources.restart_subsystem", true, "required with resources.on_hard_limit = \"restart\"",
                    "The subsystem that on_hard_limit = \"restart\" restarts."),
            flag("flight_recorder.enabled", false, true, "Keep the continuous recording and dump it on incidents."),
            integer("flight_recorder.max_size_mib", 16L, true, "MiB", 1, 65_536, "",
                    "The ring's size bound: older data is dropped beyond it."),
            integer("flight_recorder.max_age_seconds", 600L, true, "seconds", 1, 604_800, "a week at most",
                    "The ring's age bound: data older than this is dropped."),
            integer("flight_recorder.max_dumps", 10L, true, "files", 1, 10_000, "",
                    "Automatic dumps (data/flight-*.jfr) kept: the oldest beyond this are deleted after each dump."),
            integer("flight_recorder.min_dump_interval_seconds", 60L, true, "seconds", 0, 86_400, "0: no throttle",
                    "At most one automatic dump per this many seconds; incidents within it are written at its end,"
                    + " in one dump for all of them."),
            flag("http.enabled", false, true, "Whether the daemon's HTTP endpoint listens (GET /metrics and the"
                    + " /health/* probes); off, nothing listens and the server is not even loaded."),
            text("http.host", "127.0.0.1", true, "The address the endpoint listens on: 127.0.0.1 (this machine"
                    + " only), ::1, or an address of this machine; 0.0.0.0 listens on every interface (logged as a"
                    + " warning)."),
            integer("http.port", 9180L, true, "port", 0, 65_535, "0: a free port the system picks, logged",
                    "The TCP port of the endpoint."),
            flag("hot_reload", false, false, "Whether edits of this file are applied while the daemon runs (true)"
                    + " or read only at start and on SIGHUP (false)."));

    private static final String RUST_ONLY = "a setting of the Rust crate proc-daemon that has no meaning on the JVM";
    /** Keys of the seed that this daemon does not have, with why and what to do instead. */
    private static final Map<String, String> REMOVED = Map.of(
            "performance.worker_threads", "there is no worker pool: every subsystem runs on a thread of its own"
                    + " (its service property subsystem.thread chooses platform or virtual)",
            "performance.thread_pinning", RUST_ONLY + "; pin the process with taskset or systemd's CPUAffinity=",
            "performance.memory_pool_size", RUST_ONLY + "; size the heap with JAVA_OPTS, e.g. -Xmx256m",
            "performance.numa_aware", RUST_ONLY + "; on a NUMA machine pass JAVA_OPTS=-XX:+UseNUMA with a GC that"
                    + " supports it (Parallel, G1)",
            "performance.lock_free", RUST_ONLY,
            "work_dir", "the daemon works in its home (the folder of bin/proc-daemon, or PROC_DAEMON_HOME)",
            "pid_file", "the PID file is always data/daemon.pid, which bin/proc-daemon and the instance lock use;"
                    + " under systemd, PIDFile= can name it");

    private static final Map<String, Key> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, List<String>> SECTIONS = new LinkedHashMap<>();
    private static final List<String> TOP_LEVEL = new ArrayList<>();
    /** The seed's example file names the shutdown keys differently; point those at ours. */
    private static final Map<String, String> SEED_NAMES = Map.of(
            "shutdown.timeout_ms", "graceful",
            "shutdown.force_timeout_ms", "force",
            "shutdown.kill_timeout_ms", "kill");

    static {
        for (Key key : KEYS) {
            BY_NAME.put(key.name(), key);
            if (key.section().isEmpty()) {
                TOP_LEVEL.add(key.name());
            } else {
                SECTIONS.computeIfAbsent(key.section(), s -> new ArrayList<>()).add(key.simpleName());
            }
        }
    }

    private DaemonSchema() {
    }

    /** @return every key, in the order of the shipped file's sections */
    public static List<Key> keys() {
        return KEYS;
    }

    /** @return the keys of the seed that this daemon does not have, each with why */
    public static Map<String, String> removedKeys() {
        return REMOVED;
    }

    /**
     * @param name a dotted key
     * @return its definition, or empty when the schema has no such key
     */
    public static Optional<Key> key(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** @return the sections, each with its keys' simple names, in order */
    static Map<String, List<String>> sections() {
        return SECTIONS;
    }

    /** @return the top-level keys, in order */
    static List<String> topLevel() {
        return TOP_LEVEL;
    }

    /**
     * @param key a dotted key of the schema
     * @return {@code true} when a change of it applies to the running daemon, {@code false} when
     *         it needs a restart
     * @throws IllegalArgumentException when the schema has no such key
     */
    public static boolean appliesLive(String key) {
        Key definition = BY_NAME.get(key);
        if (definition == null) {
            throw new IllegalArgumentException("no key '" + key + "' in " + PID);
        }
        return definition.live();
    }

    /**
     * @param before the configuration in force (complete, as from {@link #withDefaults(Map)})
     * @param after the new one (complete)
     * @return the keys whose value differs and that need a restart, in schema order
     */
    public static List<String> changedNeedingRestart(Map<String, ?> before, Map<String, ?> after) {
        List<String> changed = new ArrayList<>();
        for (Key key : KEYS) {
            if (!key.live() && !Objects.equals(normalise(before.get(key.name())), normalise(after.get(key.name())))) {
                changed.add(key.name());
            }
        }
        return changed;
    }

    /** @return every key at its default, in schema order (a new, modifiable map) */
    public static Map<String, Object> defaults() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (Key key : KEYS) {
            defaults.put(key.name(), key.defaultValue());
        }
        return defaults;
    }

    /**
     * The schema's problems with a file: keys it does not know, values of the wrong type, out of
     * range or not among the allowed ones, and the rules across keys, judged on the file's values
     * over the defaults (no environment: see {@link #resolve(Translation, Map)}). A key missing
     * from the file is no problem. The translation's own (syntax) problems are not repeated here.
     *
     * @param translation the translated file
     * @return every problem, located with the translation's positions; empty when the file is valid
     */
    public static List<ConfigProblem> validate(Translation translation) {
        return resolve(translation, Map.of()).problems();
    }

    /**
     * Every key present, typed for ConfigAdmin ({@link Long}, {@link Boolean}, {@link String}): the
     * defaults, overridden by the given values. Keys the schema does not know are left out;
     * {@link Integer}, {@link Short} and {@link Byte} values become {@link Long}.
     *
     * @param fromFile values read from the file, validated already
     * @return a new map in schema order
     * @throws IllegalArgumentException when a value would not pass {@link #validate(Translation)}
     *         on its own (wrong type, out of range); validate first
     */
    public static Map<String, Object> withDefaults(Map<String, Object> fromFile) {
        Map<String, Object> result = defaults();
        for (Map.Entry<String, Object> entry : fromFile.entrySet()) {
            Key key = BY_NAME.get(entry.getKey());
            if (key == null || entry.getValue() == null) {
                continue;
            }
            Object value = normalise(entry.getValue());
            String problem = check(key, value);
            if (problem != null) {
                throw new IllegalArgumentException("key '" + key.name() + "': " + problem);
            }
            result.put(key.name(), value);
        }
        return result;
    }

    /**
     * What the daemon would run with: the defaults, overridden by the file's valid values,
     * overridden by the valid {@code DAEMON_...} variables of the environment; and every problem:
     * those of {@link #validate(Translation)} for the file's own keys, those of the variables
     * (see {@link EnvironmentOverrides#read(Map)}), and the rules across keys judged on the
     * effective values. A cross-key problem is located at the environment (file
     * {@value EnvironmentOverrides#SOURCE}) when one of its keys came from there, else at the file's
     * key, and its message names both keys, their values and where each value came from.
     *
     * @param translation the translated file
     * @param environment the process environment (tests pass their own); variables not starting
     *        with {@code DAEMON_} are ignored
     * @return the effective properties (every key, schema order, unmodifiable; to be applied only
     *         when there is no problem), the keys whose value came from the environment (never to
     *         be written back to a file), and the problems
     */
    public static Resolution resolve(Translation translation, Map<String, String> environment) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, Object> effective = defaults();
        Map<String, Source> sources = new HashMap<>();
        Set<String> invalid = new HashSet<>();
        for (Map.Entry<String, Object> entry : translation.properties().entrySet()) {
            String name = entry.getKey();
            int[] position = translation.positions().get(name);
            Key key = BY_NAME.get(name);
            if (key == null) {
                problems.add(problem(translation.file(), position, name, unknownKey(name)));
                continue;
            }
            Object value = normalise(entry.getValue());
            String message = value == null ? "has no value; valid: " + key.valid() : check(key, value);
            if (message != null) {
                problems.add(problem(translation.file(), position, name, message));
                invalid.add(name);
                continue;
            }
            effective.put(name, value);
            sources.put(name, new Source(translation.file(), position, null));
        }
        EnvironmentOverrides.Overrides overrides = EnvironmentOverrides.read(environment);
        problems.addAll(overrides.problems());
        Set<String> fromEnvironment = new LinkedHashSet<>();
        for (Key key : KEYS) {
            String variable = overrides.variables().get(key.name());
            if (variable == null) {
                continue;
            }
            Object value = overrides.values().get(key.name());
            if (value == null) {
                invalid.add(key.name());
            } else {
                effective.put(key.name(), value);
                sources.put(key.name(), new Source(EnvironmentOverrides.SOURCE, null, variable));
                fromEnvironment.add(key.name());
            }
        }
        problems.addAll(acrossKeys(translation.file(), effective, sources, invalid));
        return new Resolution(Collections.unmodifiableMap(effective), Collections.unmodifiableSet(fromEnvironment),
                List.copyOf(problems));
    }

    // --- checks ------------------------------------------------------------------------------

    /**
     * @param key the key's definition
     * @param value a value, normalised
     * @return {@code null} when the value is valid for the key on its own, else why not and what is valid
     */
    static String check(Key key, Object value) {
        switch (key.type()) {
            case INTEGER -> {
                if (!(value instanceof Long number)) {
                    return typeMismatch(key, value);
                }
                if (number < key.min()) {
                    String rule = key.min() == 0 ? "must not be negative"
                            : key.min() == 1 ? "must be greater than 0" : "must be at least " + key.min();
                    return rule + ", got " + number + "; valid: " + key.valid();
                }
                if (number > key.max()) {
                    return "must be at most " + key.max() + ", got " + number + "; valid: " + key.valid();
                }
                return null;
            }
            case BOOLEAN -> {
                return value instanceof Boolean ? null : typeMismatch(key, value);
            }
            default -> {
                if (!(value instanceof String text)) {
                    return typeMismatch(key, value);
                }
                if (!key.allowed().isEmpty() && !key.allowed().contains(text)) {
                    String near = closest(text, key.allowed());
                    return "invalid value " + quote(text) + (near == null ? "" : "; did you mean " + quote(near) + "?")
                            + "; valid: " + key.valid();
                }
                if (!key.optional() && text.isBlank()) {
                    return "must not be empty, got " + quote(text) + "; valid: " + key.valid();
                }
                return null;
            }
        }
    }

    private static String typeMismatch(Key key, Object value) {
        String message = "expected " + key.expected() + ", got " + describe(value);
        return key.valid().equals(key.expected()) ? message : message + "; valid: " + key.valid();
    }

    private static List<ConfigProblem> acrossKeys(String file, Map<String, Object> effective, Map<String, Source> sources,
            Set<String> invalid) {
        List<ConfigProblem> problems = new ArrayList<>();
        lessThan(file, "shutdown.graceful", "shutdown.force", false, LADDER, effective, sources, invalid, problems);
        lessThan(file, "shutdown.force", "shutdown.kill", false, LADDER, effective, sources, invalid, problems);
        interval(file, "monitoring.enable_metrics", "monitoring.metrics_interval_ms", "metrics", effective, sources,
                invalid, problems);
        interval(file, "monitoring.health_checks", "monitoring.health_check_interval_ms", "health checks", effective,
                sources, invalid, problems);
        for (String[] pair : new String[][] {{"rss_soft_mib", "rss_hard_mib"}, {"heap_soft_mib", "heap_hard_mib"},
                {"threads_soft", "threads_hard"}, {"open_files_soft", "open_files_hard"},
                {"cpu_soft_percent", "cpu_hard_percent"}}) {
            lessThan(file, "resources." + pair[0], "resources." + pair[1], true,
                    "a soft limit under the hard one, or 0 for either (no limit)", effective, sources, invalid, problems);
        }
        String action = "resources.on_hard_limit";
        String subsystem = "resources.restart_subsystem";
        if (!invalid.contains(action) && !invalid.contains(subsystem) && "restart".equals(effective.get(action))
                && effective.get(subsystem).toString().isBlank()) {
            problems.add(locate(file, sources, stated(action, "restart", sources) + " needs the subsystem to restart;"
                    + " valid: " + subsystem + " = \"<a subsystem's name>\", or another action (shutdown, heapdump)",
                    subsystem, action));
        }
        return problems;
    }

    /**
     * {@code lower < higher}, on the effective values.
     *
     * @param zeroIsNone 0 on either side means "no limit" and is never out of order
     */
    private static void lessThan(String file, String lower, String higher, boolean zeroIsNone, String valid,
            Map<String, Object> effective, Map<String, Source> sources, Set<String> invalid, List<ConfigProblem> problems) {
        if (invalid.contains(lower) || invalid.contains(higher)) {
            return;
        }
        long low = (Long) effective.get(lower);
        long high = (Long) effective.get(higher);
        if (low < high || zeroIsNone && (low == 0 || high == 0)) {
            return;
        }
        String message = stated(lower, low, sources) + " must be less than " + stated(higher, high, sources)
                + "; valid: " + valid;
        problems.add(locate(file, sources, message, lower, higher));
    }

    private static void interval(String file, String feature, String interval, String what,
            Map<String, Object> effective, Map<String, Source> sources, Set<String> invalid,
            List<ConfigProblem> problems) {
        if (invalid.contains(feature) || invalid.contains(interval)) {
            return;
        }
        if (Boolean.TRUE.equals(effective.get(feature)) && (Long) effective.get(interval) == 0L) {
            String message = stated(interval, 0L, sources) + " while " + stated(feature, true, sources) + ": "
                    + what + " need an interval; valid: 1 or more milliseconds, or " + feature + " = false";
            problems.add(locate(file, sources, message, feature, interval));
        }
    }

    /** {@code shutdown.force = 4000 (line 9)}, {@code ... (default)}, {@code ... (DAEMON_SHUTDOWN__FORCE)} */
    private static String stated(String key, Object value, Map<String, Source> sources) {
        Source source = sources.get(key);
        String origin;
        if (source == null) {
            origin = "default";
        } else if (source.variable() != null) {
            origin = source.variable();
        } else if (source.position() != null && source.position().length > 0 && source.position()[0] > 0) {
            origin = "line " + source.position()[0];
        } else {
            origin = source.file();
        }
        return key + " = " + value + " (" + origin + ")";
    }

    /** At the last of the keys set by the environment, else the last set by the file. */
    private static ConfigProblem locate(String file, Map<String, Source> sources, String message, String... keys) {
        for (int i = keys.length - 1; i >= 0; i--) {
            Source source = sources.get(keys[i]);
            if (source != null && source.variable() != null) {
                return new ConfigProblem(EnvironmentOverrides.SOURCE, 0, 0, keys[i], message);
            }
        }
        for (int i = keys.length - 1; i >= 0; i--) {
            Source source = sources.get(keys[i]);
            if (source != null) {
                return problem(source.file(), source.position(), keys[i], message);
            }
        }
        return new ConfigProblem(file, 0, 0, keys[keys.length - 1], message);
    }

    private static ConfigProblem problem(String file, int[] position, String key, String message) {
        int line = position != null && position.length > 0 ? position[0] : 0;
        int column = position != null && position.length > 1 ? position[1] : 0;
        return new ConfigProblem(file, line, column, key, message);
    }

    /** Where an effective value came from: the file (with its position) or a variable. */
    private record Source(String file, int[] position, String variable) {
    }

    // --- unknown keys ------------------------------------------------------------------------

    private static String unknownKey(String name) {
        String removed = REMOVED.get(name);
        if (removed != null) {
            return "'" + name + "' is not a setting of this daemon: " + removed + "; delete the line";
        }
        if (name.equals("performance")) {
            return "there is no section [performance]: its keys were settings of the Rust crate proc-daemon (see"
                    + " docs/configuration.md); delete the section";
        }
        String sectionList = "sections: " + bracketed(SECTIONS.keySet());
        String topLevel = "top-level keys: " + String.join(", ", TOP_LEVEL);
        int dot = name.indexOf('.');
        if (dot < 0) {
            if (SECTIONS.containsKey(name)) {
                return "'" + name + "' is a section, not a value: write [" + name + "] and under it "
                        + String.join(", ", SECTIONS.get(name));
            }
            List<String> candidates = new ArrayList<>(TOP_LEVEL);
            candidates.addAll(SECTIONS.keySet());
            return "unknown key '" + name + "'" + suggestion(closest(name, candidates)) + "; " + topLevel + "; "
                    + sectionList;
        }
        String section = name.substring(0, dot);
        String rest = name.substring(dot + 1);
        if (!SECTIONS.containsKey(section)) {
            if (TOP_LEVEL.contains(section)) {
                return "unknown key '" + name + "': '" + section + "' is a plain value, not a section; " + topLevel
                        + "; " + sectionList;
            }
            String near = closest(section, SECTIONS.keySet());
            return "unknown key '" + name + "': there is no section [" + section + "]"
                    + (near == null ? "" : "; did you mean [" + near + "]?") + "; " + sectionList + "; " + topLevel;
        }
        String near = SEED_NAMES.containsKey(name) ? SEED_NAMES.get(name) : closest(rest, SECTIONS.get(section));
        return "unknown key '" + name + "'" + suggestion(near == null ? null : section + "." + near) + "; [" + section
                + "] has: " + String.join(", ", SECTIONS.get(section));
    }

    private static String suggestion(String near) {
        return near == null ? "" : "; did you mean '" + near + "'?";
    }

    private static String bracketed(Collection<String> sections) {
        List<String> names = new ArrayList<>();
        for (String section : sections) {
            names.add("[" + section + "]");
        }
        return String.join(", ", names);
    }

    /**
     * @return the candidate that {@code text} most likely misspells: same but for case, one a prefix
     *         of the other (at least four characters), or at most two edits apart; {@code null} if none
     */
    public static String closest(String text, Collection<String> candidates) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String candidate : candidates) {
            if (candidate.equalsIgnoreCase(text)) {
                return candidate;
            }
        }
        for (String candidate : candidates) {
            String other = candidate.toLowerCase(Locale.ROOT);
            if (Math.min(lower.length(), other.length()) >= 4 && (lower.startsWith(other) || other.startsWith(lower))) {
                return candidate;
            }
        }
        String best = null;
        int bestDistance = 3;
        for (String candidate : candidates) {
            int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    // --- values ------------------------------------------------------------------------------

    /** Integer, Short and Byte become Long; anything else is returned as is. */
    static Object normalise(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        return value;
    }

    /** {@code a string ("5s")}, {@code a decimal number (2.5)}, {@code an array}, ... */
    static String describe(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return "a whole number (" + value + ")";
        }
        if (value instanceof Double || value instanceof Float) {
            return "a decimal number (" + value + ")";
        }
        if (value instanceof Boolean) {
            return "a boolean (" + value + ")";
        }
        if (value instanceof String text) {
            return "a string (" + quote(text) + ")";
        }
        if (value.getClass().isArray() || value instanceof Collection) {
            return "an array";
        }
        if (value instanceof Map) {
            return "a table";
        }
        if (value instanceof OffsetDateTime || value instanceof LocalDateTime) {
            return "a date-time (" + value + ")";
        }
        if (value instanceof LocalDate) {
            return "a date (" + value + ")";
        }
        if (value instanceof LocalTime) {
            return "a time (" + value + ")";
        }
        return "a " + value.getClass().getSimpleName() + " (" + value + ")";
    }

    /** The text in double quotes, shortened past 80 characters. */
    static String quote(String text) {
        String shown = text.length() > 80 ? text.substring(0, 77) + "..." : text;
        return '"' + shown + '"';
    }

    // --- the table ---------------------------------------------------------------------------

    private static Key integer(String name, long defaultValue, boolean live, String unit, long min, long max,
            String note, String summary) {
        return new Key(name, Type.INTEGER, defaultValue, live, unit, min, max, List.of(), false, note, summary);
    }

    private static Key flag(String name, boolean defaultValue, boolean live, String summary) {
        return new Key(name, Type.BOOLEAN, defaultValue, live, "", 0, 0, List.of(), false, "", summary);
    }

    private static Key text(String name, String defaultValue, boolean live, String summary) {
        return new Key(name, Type.STRING, defaultValue, live, "", 0, 0, List.of(), false, "", summary);
    }

    private static Key choice(String name, String defaultValue, boolean live, String summary, String... allowed) {
        return new Key(name, Type.STRING, defaultValue, live, "", 0, 0, List.of(allowed), false, "", summary);
    }

    /** A resource limit: 0 (the default) for none, applies live; a soft limit must be under its hard one. */
    private static Key limit(String name, String unit, String summary) {
        String note = "0: no limit";
        if (name.contains("_soft")) {
            note += "; under " + name.replace("_soft", "_hard") + " when both are set";
        }
        return integer(name, 0L, true, unit, 0, MAX, note, summary);
    }

    /** An optional name of a subsystem: not set by default (the empty string). */
    private static Key optionalName(String name, boolean live, String note, String summary) {
        return new Key(name, Type.STRING, "", live, "subsystem's name", 0, 0, List.of(), true, note, summary);
    }

    /** An optional path: not set by default (the empty string), needs a restart. */
    private static Key path(String name, String summary) {
        return new Key(name, Type.STRING, "", false, "", 0, 0, List.of(), true, "", summary);
    }
}
