package io.procdaemon.config.install;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.procdaemon.config.daemon.DaemonSchema;
import io.procdaemon.config.daemon.EnvironmentOverrides;
import io.procdaemon.config.toml.ConfigFileName;
import io.procdaemon.config.toml.ConfigProblem;
import io.procdaemon.config.toml.TomlEditor;
import io.procdaemon.config.toml.TomlTranslator;
import io.procdaemon.config.toml.Translation;

/**
 * Turns one file of {@code etc/} into one configuration, or refuses it whole. Callers serialise
 * calls (the installer's monitor, FileInstall's single watcher thread).
 */
final class ConfigFiles {

    /** Property on every configuration this bundle writes: the file it came from. */
    static final String FILE_PROPERTY = "procdaemon.config.file";
    /**
     * Property on every configuration this bundle writes: a fingerprint of what it was made from
     * (the file's bytes, the {@code DAEMON_*} variables for the daemon's, this bundle's version).
     * A file whose fingerprint matches is already applied: the boot skips translating it again,
     * which spares the TOML parser's first parse in a cold JVM (tens of ms: docs/PERFORMANCE.md) when etc/ has not changed.
     */
    static final String FINGERPRINT_PROPERTY = "procdaemon.config.fingerprint";
    /** Property on the daemon's configuration: the keys whose value came from the environment. */
    static final String ENVIRONMENT_PROPERTY = "procdaemon.config.environment";
    /**
     * Property on the daemon's configuration: the keys {@code config:set} set while a
     * {@code DAEMON_*} variable overrides them, each as {@code key=<TOML literal written>}. While
     * {@code daemon.toml} still holds that value, that variable does not override the key (runtime
     * edits beat the environment, across restarts); a different value in the file (a hand edit)
     * drops the mark.
     */
    static final String RUNTIME_PROPERTY = "procdaemon.config.runtime";
    /**
     * Framework property: the largest file of {@code etc/} that is read, in bytes. A larger file is
     * refused before it is read: configuration is small, and a stray large file (a log or a dump
     * renamed {@code .toml}) must cost neither memory nor a long parse.
     */
    static final String MAX_BYTES_PROPERTY = "procdaemon.config.max.bytes";
    /** {@value #MAX_BYTES_PROPERTY} unless set: 1 MiB. */
    static final long DEFAULT_MAX_BYTES = 1L << 20;
    static final String DAEMON_FILE = "daemon.toml";
    static final String DAEMON_PID = "io.procdaemon.daemon";

    private static final System.Logger LOG = System.getLogger("io.procdaemon.config");

    private final Path directory;
    private final ConfigurationAdmin configurationAdmin;
    private final Map<String, String> environment;
    private final BiFunction<ConfigFileName, Translation, Optional<List<ConfigProblem>>> descriptionCheck;
    private final UncheckedFiles unchecked = new UncheckedFiles();
    private final String version;
    private final long maxBytes;
    private volatile FileOutcomes outcomes = FileOutcomes.NONE;
    private final RefusedFiles refused = new RefusedFiles();
    /** Configurations changed by a file so far: a reload compares it before and after each file. */
    private long applies;

    /**
     * @param descriptionCheck checks a valid translation against its PID's published description
     *        (Metatype), returning the problems, or empty when no description of the PID is known
     * @param maxBytes the largest file read, see {@link #MAX_BYTES_PROPERTY}
     */
    ConfigFiles(Path directory, ConfigurationAdmin configurationAdmin, Map<String, String> environment,
            BiFunction<ConfigFileName, Translation, Optional<List<ConfigProblem>>> descriptionCheck,
            String version, long maxBytes) {
        this.version = version;
        this.maxBytes = maxBytes;
        this.directory = directory;
        this.configurationAdmin = configurationAdmin;
        this.environment = environment;
        this.descriptionCheck = descriptionCheck;
    }

    static boolean isConfigFile(String name) {
        return ConfigFileName.isConfiguration(name);
    }

    /** @param outcomes hears every file applied or refused from now on (the installer posts them to EventAdmin) */
    void outcomes(FileOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    /**
     * @param recheck translate and check the file even if its fingerprint says it is applied
     * @return the problems that kept the file out; empty when it was applied (or unchanged)
     */
    List<ConfigProblem> apply(Path file, boolean atBoot, boolean recheck) {
        List<ConfigProblem> problems = applyOrRefuse(file, atBoot, recheck);
        String shown = shown(file.getFileName().toString());
        if (!problems.isEmpty()) {
            outcomes.refused(shown);
            refused.refused(shown, problems);
        } else {
            refused.cleared(shown);
        }
        return problems;
    }

    /** @return the files whose last version was refused, see {@link RefusedFiles} */
    java.util.SortedMap<String, List<ConfigProblem>> refused() {
        return refused.snapshot();
    }

    /** @return how many times a file has changed its configuration so far */
    long applies() {
        return applies;
    }

    private List<ConfigProblem> applyOrRefuse(Path file, boolean atBoot, boolean recheck) {
        String name = file.getFileName().toString();
        String shown = shown(name);
        Optional<ConfigFileName> id;
        try {
            id = ConfigFileName.of(name, shown);
        } catch (ConfigFileName.Invalid e) {
            // The name maps to no configuration: nothing to keep or apply, only the reason to say.
            LOG.log(ERROR, () -> e.problem() + "; the file is not read");
            return List.of(e.problem());
        }
        if (id.isEmpty()) {
            return List.of();
        }
        if (name.equals(DAEMON_PID + ".toml")) {
            return refuse(DAEMON_PID, List.of(new ConfigProblem(shown, 0, 0, "",
                    "the daemon's configuration is read from " + DAEMON_FILE + " only; rename or remove this file")), atBoot);
        }
        String text;
        String fingerprint;
        try {
            Optional<ConfigProblem> tooLarge = tooLarge(name, Files.size(file));
            if (tooLarge.isPresent()) {
                return refuse(id.get().pid(), List.of(tooLarge.get()), atBoot);
            }
            byte[] bytes = Files.readAllBytes(file);
            fingerprint = fingerprint(bytes, id.get().pid().equals(DAEMON_PID));
            if (!recheck && fingerprint.equals(appliedFingerprint(id.get().pid()))) {
                return List.of();
            }
            // A strict decoder: malformed bytes are reported, not replaced.
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            return List.of(); // deleted since it was seen; its removal follows
        } catch (CharacterCodingException e) {
            return refuse(id.get().pid(), List.of(new ConfigProblem(shown, 0, 0, "", "is not valid UTF-8 text")), atBoot);
        } catch (IOException e) {
            return refuse(id.get().pid(), List.of(new ConfigProblem(shown, 0, 0, "", "cannot be read: " + e.getMessage())), atBoot);
        }
        Outcome outcome = evaluate(id.get(), name, text, fingerprint, runtimeMarks(id.get().pid()));
        if (!outcome.ok()) {
            // Taken back only when the very file applied unchecked is refused now (a description has
            // come): a file edited since is a refused edit, and its configuration keeps its last good values.
            boolean appliedAsItIs = fingerprint.equals(appliedFingerprint(id.get().pid()));
            Optional<Optional<Hashtable<String, Object>>> before = recheck && appliedAsItIs
                    ? unchecked.takeBack(id.get().pid()) : Optional.empty();
            if (before.isEmpty()) {
                return refuse(id.get().pid(), outcome.problems(), atBoot);
            }
            List<ConfigProblem> problems = refuse(id.get().pid(), outcome.problems(), " is taken back (below)");
            takeBack(id.get().pid(), shown, before.get());
            return problems;
        }
        write(outcome);
        return List.of();
    }

    /**
     * A file applied unchecked (before its PID's description was known) is refused now: its
     * configuration goes back to what it was before, as if the file had been refused then.
     */
    private void takeBack(String pid, String shown, Optional<Hashtable<String, Object>> previous) {
        Configuration configuration = configuration(pid);
        if (configuration != null) {
            try {
                if (previous.isEmpty()) {
                    configuration.delete();
                    LOG.log(WARNING, () -> shown + " was applied before a description of " + pid + " was known, and is"
                            + " refused now: configuration " + pid + " deleted, as there was none before it");
                } else {
                    configuration.update(previous.get());
                    LOG.log(WARNING, () -> shown + " was applied before a description of " + pid + " was known, and is"
                            + " refused now: configuration " + pid + " restored to what was in force before it");
                }
            } catch (IOException | IllegalStateException e) {
                LOG.log(ERROR, () -> "cannot take back configuration " + pid + " after " + shown + " was refused: "
                        + e.getMessage());
            }
        }
    }

    /** @return the refusal of a file of this size, if it is above {@value #MAX_BYTES_PROPERTY} */
    Optional<ConfigProblem> tooLarge(String name, long size) {
        if (size <= maxBytes) {
            return Optional.empty();
        }
        return Optional.of(new ConfigProblem(shown(name), 0, 0, "", "is " + size + " bytes, more than the " + maxBytes
                + " bytes a file of etc/ may hold (" + MAX_BYTES_PROPERTY + " in etc/config.properties); not read"));
    }

    /**
     * What a file's text makes of its configuration: the one code path of files and of runtime
     * edits ({@code config:set} validates the text it would write with it). The translation, the
     * reserved keys, then the PID's Metatype description, or for the daemon its schema over
     * the defaults with the environment on top, except the keys a runtime edit set over the
     * environment while the file still holds the value that edit wrote.
     *
     * @param name the file's name in the folder
     * @param fingerprint of the bytes the text is, see {@link #fingerprint(byte[], boolean)}
     * @param runtime for the daemon: key to the TOML literal {@code config:set} wrote over the environment
     */
    Outcome evaluate(ConfigFileName id, String name, String text, String fingerprint, Map<String, String> runtime) {
        Translation translation = TomlTranslator.translate(shown(name), text);
        List<ConfigProblem> problems = new ArrayList<>(translation.problems());
        problems.addAll(reservedKeys(translation));
        Map<String, Object> properties = translation.properties();
        Set<String> fromEnvironment = Set.of();
        Map<String, String> overEnvironment = new TreeMap<>();
        boolean checked = false;
        if (!id.pid().equals(DAEMON_PID) && problems.isEmpty()) {
            Optional<List<ConfigProblem>> described = descriptionCheck.apply(id, translation);
            checked = described.isPresent();
            described.ifPresent(problems::addAll);
        }
        if (id.pid().equals(DAEMON_PID) && problems.isEmpty()) {
            Map<String, String> environment = new HashMap<>(this.environment);
            runtime.forEach((key, written) -> {
                Object inFile = translation.properties().get(key);
                Optional<String> variable = DaemonSchema.key(key).map(k -> EnvironmentOverrides.variableFor(k.name()));
                if (inFile != null && variable.isPresent() && environment.containsKey(variable.get())
                        && written.equals(literalOrNull(inFile))) {
                    environment.remove(variable.get());
                    overEnvironment.put(key, written);
                }
            });
            DaemonSchema.Resolution resolution = DaemonSchema.resolve(translation, environment);
            problems.addAll(resolution.problems());
            properties = resolution.properties();
            fromEnvironment = resolution.fromEnvironment();
        }
        return new Outcome(id, name, properties, fromEnvironment, overEnvironment, fingerprint, checked,
                List.copyOf(problems));
    }

    /**
     * A file's text evaluated: what to write to ConfigAdmin, or why not.
     *
     * @param properties the configuration's properties, without this bundle's marks
     * @param fromEnvironment the daemon's keys whose value came from the environment
     * @param overEnvironment the daemon's keys a runtime edit set over the environment, to the TOML literal written
     * @param described whether a Metatype description of the PID checked the file
     */
    record Outcome(ConfigFileName id, String name, Map<String, Object> properties, Set<String> fromEnvironment,
            Map<String, String> overEnvironment, String fingerprint, boolean described, List<ConfigProblem> problems) {

        boolean ok() {
            return problems.isEmpty();
        }
    }

    /** @return the daemon's {@value #RUNTIME_PROPERTY} as key to TOML literal; empty for other PIDs */
    Map<String, String> runtimeMarks(String pid) {
        Map<String, String> marks = new TreeMap<>();
        if (!pid.equals(DAEMON_PID)) {
            return marks;
        }
        Configuration configuration = configuration(pid);
        Object recorded = configuration == null ? null : configuration.getProperties().get(RUNTIME_PROPERTY);
        if (recorded instanceof String[] entries) {
            for (String entry : entries) {
                int equals = entry.indexOf('=');
                if (equals > 0) {
                    marks.put(entry.substring(0, equals), entry.substring(equals + 1));
                }
            }
        }
        return marks;
    }

    private static String literalOrNull(Object value) {
        try {
            return TomlEditor.literal(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** SHA-256 of the file, the daemon's environment overrides (for the daemon's file) and this bundle's version. */
    String fingerprint(byte[] bytes, boolean daemon) {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            digest.update(bytes);
            digest.update(version.getBytes(StandardCharsets.UTF_8));
            if (daemon) {
                new java.util.TreeMap<>(environment).forEach((variable, value) -> {
                    if (variable.startsWith("DAEMON_")) {
                        digest.update((variable + "=" + value + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                });
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private String appliedFingerprint(String pid) {
        Configuration configuration = configuration(pid);
        Object fingerprint = configuration == null ? null : configuration.getProperties().get(FINGERPRINT_PROPERTY);
        return fingerprint == null ? null : fingerprint.toString();
    }

    /** @return the configuration with this PID that has properties, or {@code null} */
    Configuration configuration(String pid) {
        try {
            Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + escape(pid) + ")");
            return found == null ? null : found[0];
        } catch (IOException | InvalidSyntaxException e) {
            return null;
        }
    }

    /** ConfigAdmin sets service.* itself, and procdaemon.config.* are this bundle's marks: refused in files. */
    private static List<ConfigProblem> reservedKeys(Translation translation) {
        List<ConfigProblem> problems = new ArrayList<>();
        translation.properties().keySet().forEach(key -> {
            String lower = key.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("service.") || lower.startsWith("procdaemon.config.")) {
                int[] position = translation.positions().getOrDefault(key, new int[] {0, 0});
                problems.add(new ConfigProblem(translation.file(), position[0], position[1], key,
                        "keys starting with 'service.' belong to ConfigAdmin and 'procdaemon.config.' to the daemon;"
                                + " choose another name"));
            }
        });
        return problems;
    }

    /** The daemon's configuration when there is no daemon.toml: defaults and environment. */
    List<ConfigProblem> applyDaemonDefaults() {
        Translation none = new Translation(shown(DAEMON_FILE), Map.of(), Map.of(), List.of());
        DaemonSchema.Resolution resolution = DaemonSchema.resolve(none, environment);
        if (!resolution.ok()) {
            return refuse(DAEMON_PID, resolution.problems(), true);
        }
        write(new Outcome(ConfigFileName.of(DAEMON_FILE).orElseThrow(), DAEMON_FILE, resolution.properties(),
                resolution.fromEnvironment(), Map.of(), fingerprint(new byte[0], true), false, List.of()));
        return List.of();
    }

    /**
     * @param name a file's name in the folder
     * @return whether a configuration written from that file has keys of its own (this bundle's
     *         marks and ConfigAdmin's {@code service.*} aside)
     */
    boolean hasKeys(String name) {
        for (Configuration configuration : written(name)) {
            for (String key : Collections.list(configuration.getProperties().keys())) {
                String lower = key.toLowerCase(java.util.Locale.ROOT);
                if (!lower.startsWith("service.") && !lower.startsWith("procdaemon.config.")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A file was deleted: its configuration goes too (the daemon's returns to defaults and environment). */
    void remove(Path file) {
        String name = file.getFileName().toString();
        refused.cleared(shown(name));
        if (name.equals(DAEMON_FILE)) {
            LOG.log(INFO, () -> shown(name) + " removed: " + DAEMON_PID + " returns to its defaults (and environment)");
            applyDaemonDefaults();
            return;
        }
        for (Configuration configuration : written(name)) {
            delete(configuration, shown(name) + " removed");
        }
    }

    /** Deletes the configurations whose file is no longer there (deleted while the daemon was down). */
    void removeOrphans(List<Path> present) {
        Set<String> names = new HashSet<>();
        present.forEach(path -> names.add(path.getFileName().toString()));
        for (Configuration configuration : written(null)) {
            Object file = configuration.getProperties().get(FILE_PROPERTY);
            if (file != null && !names.contains(file.toString()) && !DAEMON_PID.equals(configuration.getPid())) {
                delete(configuration, shown(file.toString()) + " no longer exists");
            }
        }
    }

    /** Writes an outcome without problems to ConfigAdmin, with this bundle's marks; logs what changed. */
    void write(Outcome outcome) {
        ConfigFileName id = outcome.id();
        String name = outcome.name();
        Hashtable<String, Object> dictionary = new Hashtable<>(outcome.properties());
        dictionary.put(FILE_PROPERTY, name);
        dictionary.put(FINGERPRINT_PROPERTY, outcome.fingerprint());
        if (id.pid().equals(DAEMON_PID)) {
            dictionary.put(ENVIRONMENT_PROPERTY, outcome.fromEnvironment().toArray(new String[0]));
            if (!outcome.overEnvironment().isEmpty()) {
                List<String> marks = new ArrayList<>();
                outcome.overEnvironment().forEach((key, literal) -> marks.add(key + "=" + literal));
                dictionary.put(RUNTIME_PROPERTY, marks.toArray(new String[0]));
            }
        }
        try {
            Configuration configuration = id.factoryPid().isEmpty()
                    ? configurationAdmin.getConfiguration(id.pid(), "?")
                    : configurationAdmin.getFactoryConfiguration(id.factoryPid(), id.name(), "?");
            Dictionary<String, Object> before = configuration.getProperties();
            if (!id.pid().equals(DAEMON_PID)) {
                unchecked.written(id.pid(), outcome.described(), before);
            }
            if (configuration.updateIfDifferent(dictionary)) {
                applies++;
                outcomes.applied(shown(name));
                LOG.log(INFO, () -> shown(name) + " applied: configuration " + id.pid() + " (" + outcome.properties().size()
                        + " keys" + (outcome.fromEnvironment().isEmpty() ? "" : "; from the environment: " + outcome.fromEnvironment())
                        + ")");
                outcome.overEnvironment().forEach((key, literal) -> LOG.log(INFO, () -> key + "=" + literal
                        + " set at runtime overrides " + overridden(key)));
                if (id.pid().equals(DAEMON_PID) && before != null) {
                    reportRestartKeys(before, dictionary);
                }
            }
        } catch (IOException e) {
            LOG.log(ERROR, () -> shown(name) + " could not be applied to configuration " + id.pid() + ": " + e.getMessage());
        }
    }

    /** @return {@code DAEMON_SHUTDOWN__GRACEFUL=2000} for a key of the daemon the environment overrides, or {@code ""} */
    String overridden(String key) {
        if (DaemonSchema.key(key).isEmpty()) {
            return "";
        }
        String variable = EnvironmentOverrides.variableFor(key);
        return environment.containsKey(variable) ? variable + "=" + environment.get(variable) : "";
    }

    private void reportRestartKeys(Dictionary<String, Object> before, Dictionary<String, Object> after) {
        List<String> changed = DaemonSchema.changedNeedingRestart(map(before), map(after));
        if (!changed.isEmpty()) {
            LOG.log(WARNING, () -> shown(DAEMON_FILE) + ": " + changed + " changed; they take effect at the next start"
                    + " (bin/proc-daemon stop, then start)");
        }
    }

    private static Map<String, Object> map(Dictionary<String, Object> dictionary) {
        Map<String, Object> map = new java.util.HashMap<>();
        for (String key : Collections.list(dictionary.keys())) {
            map.put(key, dictionary.get(key));
        }
        return map;
    }

    private List<ConfigProblem> refuse(String pid, List<ConfigProblem> problems, boolean atBoot) {
        return refuse(pid, problems, atBoot ? " not applied" : " stays as it was");
    }

    /** @param outcome what becomes of the configuration, after its PID: " stays as it was" */
    private List<ConfigProblem> refuse(String pid, List<ConfigProblem> problems, String outcome) {
        for (ConfigProblem problem : problems) {
            LOG.log(ERROR, problem::toString);
        }
        LOG.log(ERROR, () -> problems.get(0).file() + " refused (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                + "): configuration " + pid + outcome + "; fix the file to apply it");
        return problems;
    }

    private List<Configuration> written(String fileName) {
        String filter = fileName == null ? "(" + FILE_PROPERTY + "=*)" : "(" + FILE_PROPERTY + "=" + escape(fileName) + ")";
        try {
            Configuration[] found = configurationAdmin.listConfigurations(filter);
            return found == null ? List.of() : List.of(found);
        } catch (IOException | InvalidSyntaxException e) {
            LOG.log(ERROR, () -> "cannot list configurations " + filter + ": " + e.getMessage());
            return List.of();
        }
    }

    private void delete(Configuration configuration, String why) {
        String pid = configuration.getPid();
        try {
            configuration.delete();
            LOG.log(INFO, () -> why + ": configuration " + pid + " deleted");
        } catch (IOException | IllegalStateException e) {
            LOG.log(ERROR, () -> "cannot delete configuration " + pid + ": " + e.getMessage());
        }
    }

    String shown(String name) {
        return directory.getFileName() + "/" + name;
    }

    /** LDAP filter escaping (RFC 4515): file names may hold parentheses or asterisks. */
    static String escape(String value) {
        StringBuilder escaped = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '(' || c == ')' || c == '*' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
