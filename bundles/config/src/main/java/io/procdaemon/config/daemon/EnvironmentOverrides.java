package io.procdaemon.config.daemon;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.procdaemon.config.toml.ConfigProblem;

/**
 * Environment variables that override keys of {@value DaemonSchema#PID}: {@code DAEMON_} then the
 * section, two underscores, the key, in capitals ({@code DAEMON_SHUTDOWN__GRACEFUL} for
 * {@code shutdown.graceful}, {@code DAEMON_MONITORING__HEALTH_CHECK_INTERVAL_MS} for
 * {@code monitoring.health_check_interval_ms}); a top-level key has no section
 * ({@code DAEMON_NAME}, {@code DAEMON_WORK_DIR}, {@code DAEMON_PID_FILE}, {@code DAEMON_HOT_RELOAD}).
 * The two underscores keep keys with single underscores reachable.
 *
 * <p>A value is converted to the key's type: a whole number (optional sign, digits, surrounding
 * blanks ignored), {@code true} or {@code false} (blanks ignored), or the text as it is. It must
 * then pass the key's own rules, like a value of the file. A bad value, or any {@code DAEMON_}
 * variable that matches no key, is a problem located at {@value #SOURCE}, with the nearest
 * variable when one is close and the valid names: the prefix belongs to the daemon, so a
 * misspelt override ({@code DAEMON_SHUTDOWN_GRACEFUL}, {@code DAEMON_FOO}) never passes
 * unnoticed. Names are matched exactly (case included); variables not starting with
 * {@code DAEMON_} are ignored. The logic never reads the process environment itself: callers
 * pass it.
 */
public final class EnvironmentOverrides {

    /** The prefix of the variables that concern this configuration. */
    public static final String PREFIX = "DAEMON_";

    /** The "file" of problems found in the environment. */
    public static final String SOURCE = "environment";

    private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]+");

    private static final Map<String, String> KEY_OF_VARIABLE = new LinkedHashMap<>();

    static {
        for (DaemonSchema.Key key : DaemonSchema.keys()) {
            KEY_OF_VARIABLE.put(variableName(key.name()), key.name());
        }
    }

    /**
     * What the environment overrides.
     *
     * @param values dotted key to its converted, valid value ({@link Long}, {@link Boolean}, {@link String})
     * @param variables dotted key to the variable naming it, whether its value was valid or not
     * @param problems bad values and variables that match no key
     */
    public record Overrides(Map<String, Object> values, Map<String, String> variables, List<ConfigProblem> problems) {
    }

    private EnvironmentOverrides() {
    }

    /**
     * @param key a dotted key of the schema
     * @return the variable that overrides it, e.g. {@code DAEMON_SHUTDOWN__GRACEFUL}
     * @throws IllegalArgumentException when the schema has no such key
     */
    public static String variableFor(String key) {
        if (DaemonSchema.key(key).isEmpty()) {
            throw new IllegalArgumentException("no key '" + key + "' in " + DaemonSchema.PID);
        }
        return variableName(key);
    }

    /**
     * @param variable an environment variable's name
     * @return the dotted key it overrides, or empty when it overrides none (exact match, case included)
     */
    public static Optional<String> keyFor(String variable) {
        return Optional.ofNullable(KEY_OF_VARIABLE.get(variable));
    }

    /**
     * Reads the overrides from an environment. Problems come in the order of the variables' names.
     *
     * @param environment variable name to value, e.g. {@code System.getenv()}
     * @return the valid overrides, every matched variable, and the problems
     */
    public static Overrides read(Map<String, String> environment) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> variables = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(environment).entrySet()) {
            String variable = entry.getKey();
            if (!variable.startsWith(PREFIX)) {
                continue;
            }
            String raw = Objects.toString(entry.getValue(), "");
            String key = KEY_OF_VARIABLE.get(variable);
            if (key == null) {
                problems.add(new ConfigProblem(SOURCE, 0, 0, "", unknownVariable(variable, raw)));
                continue;
            }
            variables.put(key, variable);
            DaemonSchema.Key definition = DaemonSchema.key(key).orElseThrow();
            Object value = convert(definition, raw);
            String message;
            if (value == null) {
                message = "expected " + definition.expected() + ", got " + DaemonSchema.quote(raw)
                        + (definition.valid().equals(definition.expected()) ? "" : "; valid: " + definition.valid());
            } else if (value instanceof BigInteger) {
                message = "out of range, got " + raw.strip() + "; valid: " + definition.valid();
            } else {
                message = DaemonSchema.check(definition, value);
            }
            if (message == null) {
                values.put(key, value);
            } else {
                problems.add(new ConfigProblem(SOURCE, 0, 0, key, variable + "=" + DaemonSchema.quote(raw)
                        + " (overrides " + key + "): " + message));
            }
        }
        return new Overrides(Collections.unmodifiableMap(values), Collections.unmodifiableMap(variables),
                List.copyOf(problems));
    }

    /** @return the typed value, a BigInteger when a whole number is beyond a long, or null when not convertible */
    static Object convert(DaemonSchema.Key key, String raw) {
        switch (key.type()) {
            case INTEGER -> {
                String text = raw.strip();
                if (!WHOLE.matcher(text).matches()) {
                    return null;
                }
                BigInteger number = new BigInteger(text);
                return number.bitLength() < 64 ? (Object) number.longValue() : number;
            }
            case BOOLEAN -> {
                String text = raw.strip();
                return text.equals("true") ? Boolean.TRUE : text.equals("false") ? Boolean.FALSE : null;
            }
            default -> {
                return raw;
            }
        }
    }

    private static String unknownVariable(String variable, String raw) {
        for (Map.Entry<String, String> removed : DaemonSchema.removedKeys().entrySet()) {
            if (variable.equals(variableName(removed.getKey()))) {
                return variable + "=" + DaemonSchema.quote(raw) + " would set " + removed.getKey()
                        + ", which is not a setting of this daemon: " + removed.getValue() + "; unset the variable";
            }
        }
        StringBuilder message = new StringBuilder(variable).append('=').append(DaemonSchema.quote(raw))
                .append(" matches no key of ").append(DaemonSchema.PID);
        String rest = variable.substring(PREFIX.length()).toUpperCase(Locale.ROOT);
        String near = DaemonSchema.sections().containsKey(rest.toLowerCase(Locale.ROOT)) ? null : closestVariable(variable);
        if (near != null) {
            message.append("; did you mean ").append(near).append(" (for ").append(KEY_OF_VARIABLE.get(near))
                    .append(")?");
        }
        for (Map.Entry<String, List<String>> section : DaemonSchema.sections().entrySet()) {
            String name = section.getKey().toUpperCase(Locale.ROOT);
            if (rest.equals(name) || rest.startsWith(name + "_")) {
                List<String> names = new ArrayList<>();
                for (String simple : section.getValue()) {
                    names.add(variableName(section.getKey() + "." + simple));
                }
                return message.append("; valid for [").append(section.getKey()).append("]: ")
                        .append(String.join(", ", names)).append(" (two underscores between section and key)")
                        .toString();
            }
        }
        List<String> topLevel = new ArrayList<>();
        for (String key : DaemonSchema.topLevel()) {
            topLevel.add(variableName(key));
        }
        List<String> sections = new ArrayList<>();
        for (String section : DaemonSchema.sections().keySet()) {
            sections.add(section.toUpperCase(Locale.ROOT));
        }
        return message.append("; valid: ").append(String.join(", ", topLevel)).append(", or ").append(PREFIX)
                .append("<SECTION>__<KEY> with SECTION one of ").append(String.join(", ", sections)).toString();
    }

    /** Same letters and digits but for underscores and case first, then the usual spelling slips. */
    private static String closestVariable(String variable) {
        String bare = variable.replace("_", "").toUpperCase(Locale.ROOT);
        for (String candidate : KEY_OF_VARIABLE.keySet()) {
            if (candidate.replace("_", "").equals(bare)) {
                return candidate;
            }
        }
        return DaemonSchema.closest(variable, KEY_OF_VARIABLE.keySet());
    }

    private static String variableName(String key) {
        return PREFIX + key.toUpperCase(Locale.ROOT).replace(".", "__");
    }
}
