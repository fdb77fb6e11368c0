package io.procdaemon.config.shell;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.procdaemon.config.daemon.DaemonSchema;
import io.procdaemon.config.daemon.EnvironmentOverrides;
import io.procdaemon.config.install.FileVerdicts;
import io.procdaemon.config.install.RuntimeEdits;
import io.procdaemon.config.toml.ConfigProblem;
import io.procdaemon.config.toml.TomlEditor;

/**
 * The {@code config:*} Gogo commands: read ConfigAdmin ({@code list}, {@code get}) and edit it
 * through {@link RuntimeEdits}, which validates an edit by the rules of files and writes it back
 * to the configuration's file in {@code etc/}. Commands return their output as text; a failure is
 * an {@link IllegalArgumentException} (bad input) or {@link IllegalStateException} (cannot be done
 * now) whose message is the whole one-line error. Values of secret-looking keys
 * ({@link SecretKeys}) are masked in all output and errors. ConfigAdmin's, FileInstall's and this
 * bundle's own properties ({@code service.*}, {@code felix.fileinstall.*},
 * {@code procdaemon.config.*}) are not shown, counted or editable.
 */
@Component(service = ConfigCommands.class, property = {
    "osgi.command.scope=config",
    "osgi.command.function=list",
    "osgi.command.function=get",
    "osgi.command.function=set",
    "osgi.command.function=unset",
    "osgi.command.function=delete"})
public final class ConfigCommands {

    private final ConfigurationAdmin configurationAdmin;
    private final RuntimeEdits edits;
    private final FileVerdicts verdicts;

    @Activate
    public ConfigCommands(@Reference ConfigurationAdmin configurationAdmin, @Reference RuntimeEdits edits,
            @Reference FileVerdicts verdicts) {
        this.configurationAdmin = configurationAdmin;
        this.edits = edits;
        this.verdicts = verdicts;
    }

    @Descriptor("lists every configuration: PID, its file in etc/ (or -), number of keys; then the files refused")
    public String list() {
        return list("");
    }

    @Descriptor("lists the configurations matching a filter: PID, its file in etc/ (or -, or refused), number of keys")
    public String list(@Descriptor("a part of the PID, or an LDAP filter on the properties if it starts with '(',"
            + " e.g. (service.factoryPid=org.acme.pool)") String filter) {
        Configuration[] found;
        try {
            found = configurationAdmin.listConfigurations(filter.startsWith("(") ? filter : null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("invalid LDAP filter '" + filter + "': " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException("cannot list configurations: " + e.getMessage());
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PID", "FILE", "KEYS"});
        TreeMap<String, Configuration> sorted = new TreeMap<>();
        for (Configuration configuration : found == null ? new Configuration[0] : found) {
            if (filter.startsWith("(") || configuration.getPid().toLowerCase(Locale.ROOT).contains(filter.toLowerCase(Locale.ROOT))) {
                sorted.put(configuration.getPid(), configuration);
            }
        }
        SortedMap<String, List<ConfigProblem>> refused = verdicts.refused();
        if (sorted.isEmpty() && (refused.isEmpty() || !filter.isEmpty())) {
            return filter.isEmpty() ? "no configurations" : "no configuration matches '" + filter + "'";
        }
        List<String> shownFiles = new ArrayList<>();
        sorted.forEach((pid, configuration) -> {
            String file = edits.fileOf(pid);
            shownFiles.add(file);
            rows.add(new String[] {pid, file.isEmpty() ? "-" : file + (refused.containsKey(file) ? " (refused)" : ""),
                Integer.toString(visibleKeys(configuration).size())});
        });
        int[] widths = new int[2];
        rows.forEach(row -> {
            widths[0] = Math.max(widths[0], row[0].length());
            widths[1] = Math.max(widths[1], row[1].length());
        });
        StringBuilder text = new StringBuilder();
        rows.forEach(row -> text.append(String.format("%-" + widths[0] + "s  %-" + widths[1] + "s  %s%n", row[0], row[1], row[2])));
        // A refused file changed nothing in ConfigAdmin: said here, or an operator would believe the edit applied.
        refused.forEach((file, problems) -> {
            if (filter.isEmpty() || shownFiles.contains(file)) {
                // A problem names its file first: "etc/app.toml line 2, column 1, key 'port': ..."
                text.append(String.format("refused: %s%s; %s%n", problems.get(0),
                        problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "",
                        shownFiles.contains(file) ? "its configuration keeps its last good values"
                                : "no configuration comes from it"));
            }
        });
        return text.toString().stripTrailing();
    }

    @Descriptor("shows a configuration's keys, sorted, as key = value (strings quoted; secrets masked)")
    public String get(@Descriptor("the configuration's PID") String pid) {
        return render(existing(pid), "");
    }

    /** The keys starting with {@code prefix}, one {@code key = value} line each. */
    private String render(Configuration configuration, String prefix) {
        Dictionary<String, Object> properties = configuration.getProperties();
        Set<String> fromEnvironment = strings(properties.get("procdaemon.config.environment"));
        Set<String> overEnvironment = new TreeSet<>();
        strings(properties.get("procdaemon.config.runtime")).forEach(mark -> overEnvironment.add(mark.substring(0, mark.indexOf('='))));
        StringBuilder text = new StringBuilder();
        for (String key : visibleKeys(configuration)) {
            if (!key.startsWith(prefix)) {
                continue;
            }
            text.append(key).append(" = ").append(shown(key, properties.get(key)));
            if (fromEnvironment.contains(key)) {
                text.append("  # from ").append(EnvironmentOverrides.variableFor(key));
            } else if (overEnvironment.contains(key)) {
                text.append("  # set at runtime over ").append(EnvironmentOverrides.variableFor(key));
            }
            text.append('\n');
        }
        return text.toString().stripTrailing();
    }

    @Descriptor("shows one value of a configuration (strings quoted; secrets masked), or every key of a table")
    public String get(@Descriptor("the configuration's PID") String pid,
            @Descriptor("the key, e.g. shutdown.graceful, or a table, e.g. shutdown") String key) {
        Configuration configuration = existing(pid);
        String table = key.endsWith(".") ? key : key + ".";
        if (visibleKeys(configuration).stream().noneMatch(k -> k.equalsIgnoreCase(key))
                && visibleKeys(configuration).stream().anyMatch(k -> k.startsWith(table))) {
            return render(configuration, table);
        }
        return shown(key, configuration.getProperties().get(existingKey(configuration, key)));
    }

    @Descriptor("sets a key, validated like the file, and writes it back to etc/<pid>.toml (creating it if the"
            + " configuration has none); an existing key keeps its type")
    public String set(
            @Descriptor("the value's type: string, long, double, boolean, string[], long[], double[], boolean[]"
                    + " (arrays comma-separated or as a TOML array); default: the key's current type, or for a new key"
                    + " the value read as TOML (8080, true, 1.5, [1, 2]) else a string")
            @Parameter(names = {"-t", "--type"}, absentValue = "") String type,
            @Descriptor("create the configuration if there is none with this PID")
            @Parameter(names = {"-c", "--create"}, absentValue = "false", presentValue = "true") boolean create,
            @Descriptor("the configuration's PID") String pid,
            @Descriptor("the key, e.g. shutdown.graceful") String key,
            @Descriptor("the value") Object value) {
        if (value == null) {
            throw new IllegalArgumentException("no value given for '" + key + "'; quote an empty string as \"\"");
        }
        Configuration configuration = create ? find(pid) : existing(pid);
        refuseMark(key);
        Object current = configuration == null ? null : configuration.getProperties().get(key);
        String input = value instanceof List<?> list ? list.toString() : value.toString();
        boolean secret = SecretKeys.isSecret(key);
        Object typed = null;
        try {
            if (!type.isEmpty()) {
                typed = ValueType.named(type).parse(key, value);
            } else if (current != null) {
                typed = ValueType.of(current).orElse(ValueType.STRING).parse(key, value);
            } else {
                typed = value instanceof List<?> ? ValueType.STRING_ARRAY.parse(key, value) : ValueType.guess(input);
            }
            RuntimeEdits.Edit edit = edits.set(pid, key, typed, create);
            return pid + ": " + key + " = " + shown(key, typed) + " (" + edit.file() + (edit.created() ? " created" : " written") + ")"
                    + (edit.overrides().isEmpty() ? "" : "; overrides " + edit.overrides())
                    + (edit.note().isEmpty() ? "" : "; " + edit.note());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(secret ? SecretKeys.redact(e.getMessage(), input, literalOrNull(typed)) : e.getMessage());
        } catch (IllegalStateException e) {
            throw new IllegalStateException(secret ? SecretKeys.redact(e.getMessage(), input, literalOrNull(typed)) : e.getMessage());
        }
    }

    @Descriptor("removes a key from a configuration and from its file in etc/")
    public String unset(@Descriptor("the configuration's PID") String pid, @Descriptor("the key") String key) {
        Configuration configuration = existing(pid);
        refuseMark(key);
        RuntimeEdits.Edit edit = edits.unset(pid, existingKey(configuration, key));
        if (edit.note().endsWith("nothing changed")) {
            return pid + ": " + edit.note();
        }
        return pid + ": " + key + " removed (" + edit.file() + (edit.created() ? " created" : " written") + ")"
                + (edit.note().isEmpty() ? "" : "; " + edit.note());
    }

    @Descriptor("deletes a configuration and its file in etc/")
    public String delete(@Descriptor("the configuration's PID") String pid) {
        existing(pid);
        RuntimeEdits.Edit edit = edits.delete(pid);
        return pid + ": " + (edit.file().isEmpty() ? "deleted" : edit.file() + " deleted")
                + (edit.note().isEmpty() ? "" : "; " + edit.note());
    }

    // -------------------------------------------------------------------------------------------------

    private static String literalOrNull(Object value) {
        try {
            return value == null ? null : TomlEditor.literal(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String shown(String key, Object value) {
        if (SecretKeys.isSecret(key)) {
            return SecretKeys.MASK;
        }
        try {
            return TomlEditor.literal(value instanceof java.util.Collection<?> collection ? collection.toArray() : value);
        } catch (IllegalArgumentException e) {
            return String.valueOf(value) + "  # a " + value.getClass().getSimpleName(); // a type TOML has no form for
        }
    }

    private static List<String> visibleKeys(Configuration configuration) {
        List<String> keys = new ArrayList<>();
        for (String key : Collections.list(configuration.getProperties().keys())) {
            if (!hidden(key)) {
                keys.add(key);
            }
        }
        Collections.sort(keys);
        return keys;
    }

    private static boolean hidden(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.startsWith("service.") || lower.startsWith("procdaemon.config.") || lower.startsWith("felix.fileinstall.");
    }

    private static void refuseMark(String key) {
        if (hidden(key)) {
            throw new IllegalArgumentException("key '" + key + "' is not editable: 'service.*' belongs to ConfigAdmin,"
                    + " 'felix.fileinstall.*' to FileInstall and 'procdaemon.config.*' to the daemon");
        }
    }

    /** @return the key as the configuration spells it (ConfigAdmin's keys ignore case) */
    private static String existingKey(Configuration configuration, String key) {
        List<String> keys = visibleKeys(configuration);
        for (String candidate : keys) {
            if (candidate.equalsIgnoreCase(key)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no key '" + key + "' in configuration '" + configuration.getPid() + "'; "
                + (keys.isEmpty() ? "it has none" : "known: " + String.join(", ", candidates(key, keys))));
    }

    private Configuration existing(String pid) {
        Configuration configuration = find(pid);
        if (configuration == null) {
            List<String> known = new ArrayList<>();
            all().forEach(candidate -> known.add(candidate.getPid()));
            throw new IllegalArgumentException("no configuration '" + pid + "'; "
                    + (known.isEmpty() ? "there are none" : "known: " + String.join(", ", candidates(pid, known))));
        }
        return configuration;
    }

    private Configuration find(String pid) {
        return all().stream().filter(configuration -> configuration.getPid().equals(pid)).findFirst().orElse(null);
    }

    private List<Configuration> all() {
        try {
            Configuration[] all = configurationAdmin.listConfigurations(null);
            return all == null ? List.of() : List.of(all);
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("cannot list configurations: " + e.getMessage());
        }
    }

    /** The likeliest candidate first (a misspelling), then the others in order. */
    private static List<String> candidates(String input, List<String> known) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(known));
        String closest = DaemonSchema.closest(input, sorted);
        if (closest != null) {
            sorted.remove(closest);
            sorted.add(0, closest);
        }
        return sorted;
    }

    private static Set<String> strings(Object value) {
        Set<String> strings = new TreeSet<>();
        if (value instanceof String[] array) {
            Collections.addAll(strings, array);
        }
        return strings;
    }
}
