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
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.procdaemon.config.daemon.DaemonSchema;
import io.procdaemon.config.toml.ConfigFileName;
import io.procdaemon.config.toml.ConfigProblem;
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
     * which spares tomlj's first parse (~70 ms in a cold JVM) when etc/ has not changed.
     */
    static final String FINGERPRINT_PROPERTY = "procdaemon.config.fingerprint";
    /** Property on the daemon's configuration: the keys whose value came from the environment. */
    static final String ENVIRONMENT_PROPERTY = "procdaemon.config.environment";
    static final String DAEMON_FILE = "daemon.toml";
    static final String DAEMON_PID = "io.procdaemon.daemon";

    private static final System.Logger LOG = System.getLogger("io.procdaemon.config");

    private final Path directory;
    private final ConfigurationAdmin configurationAdmin;
    private final Map<String, String> environment;
    private final BiFunction<ConfigFileName, Translation, List<ConfigProblem>> descriptionCheck;
    private final String version;

    /**
     * @param descriptionCheck checks a valid translation against its PID's published description
     *        (Metatype), returning the problems
     */
    ConfigFiles(Path directory, ConfigurationAdmin configurationAdmin, Map<String, String> environment,
            BiFunction<ConfigFileName, Translation, List<ConfigProblem>> descriptionCheck, String version) {
        this.version = version;
        this.directory = directory;
        this.configurationAdmin = configurationAdmin;
        this.environment = environment;
        this.descriptionCheck = descriptionCheck;
    }

    static boolean isConfigFile(String name) {
        return ConfigFileName.isConfiguration(name);
    }

    /**
     * @param recheck translate and check the file even if its fingerprint says it is applied
     * @return the problems that kept the file out; empty when it was applied (or unchanged)
     */
    List<ConfigProblem> apply(Path file, boolean atBoot, boolean recheck) {
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
        Translation translation = TomlTranslator.translate(shown, text);
        List<ConfigProblem> problems = new ArrayList<>(translation.problems());
        problems.addAll(reservedKeys(translation));
        Map<String, Object> properties = translation.properties();
        Set<String> fromEnvironment = Set.of();
        if (!id.get().pid().equals(DAEMON_PID) && problems.isEmpty()) {
            problems.addAll(descriptionCheck.apply(id.get(), translation));
        }
        if (id.get().pid().equals(DAEMON_PID) && problems.isEmpty()) {
            DaemonSchema.Resolution resolution = DaemonSchema.resolve(translation, environment);
            problems.addAll(resolution.problems());
            properties = resolution.properties();
            fromEnvironment = resolution.fromEnvironment();
        }
        if (!problems.isEmpty()) {
            return refuse(id.get().pid(), problems, atBoot);
        }
        write(id.get(), name, properties, fromEnvironment, fingerprint);
        return List.of();
    }

    /** SHA-256 of the file, the daemon's environment overrides (for the daemon's file) and this bundle's version. */
    private String fingerprint(byte[] bytes, boolean daemon) {
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
        try {
            Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + escape(pid) + ")");
            Object fingerprint = found == null ? null : found[0].getProperties().get(FINGERPRINT_PROPERTY);
            return fingerprint == null ? null : fingerprint.toString();
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
        write(ConfigFileName.of(DAEMON_FILE).orElseThrow(), DAEMON_FILE, resolution.properties(), resolution.fromEnvironment(),
                fingerprint(new byte[0], true));
        return List.of();
    }

    /** A file was deleted: its configuration goes too (the daemon's returns to defaults and environment). */
    void remove(Path file) {
        String name = file.getFileName().toString();
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

    private void write(ConfigFileName id, String name, Map<String, Object> properties, Set<String> fromEnvironment,
            String fingerprint) {
        Hashtable<String, Object> dictionary = new Hashtable<>(properties);
        dictionary.put(FILE_PROPERTY, name);
        dictionary.put(FINGERPRINT_PROPERTY, fingerprint);
        if (id.pid().equals(DAEMON_PID)) {
            dictionary.put(ENVIRONMENT_PROPERTY, fromEnvironment.toArray(new String[0]));
        }
        try {
            Configuration configuration = id.factoryPid().isEmpty()
                    ? configurationAdmin.getConfiguration(id.pid(), "?")
                    : configurationAdmin.getFactoryConfiguration(id.factoryPid(), id.name(), "?");
            Dictionary<String, Object> before = configuration.getProperties();
            if (configuration.updateIfDifferent(dictionary)) {
                LOG.log(INFO, () -> shown(name) + " applied: configuration " + id.pid() + " (" + properties.size() + " keys"
                        + (fromEnvironment.isEmpty() ? "" : "; from the environment: " + fromEnvironment) + ")");
                if (id.pid().equals(DAEMON_PID) && before != null) {
                    reportRestartKeys(before, dictionary);
                }
            }
        } catch (IOException e) {
            LOG.log(ERROR, () -> shown(name) + " could not be applied to configuration " + id.pid() + ": " + e.getMessage());
        }
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
        for (ConfigProblem problem : problems) {
            LOG.log(ERROR, problem::toString);
        }
        LOG.log(ERROR, () -> problems.get(0).file() + " refused (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                + "): configuration " + pid + (atBoot ? " not applied" : " stays as it was") + "; fix the file to apply it");
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

    private String shown(String name) {
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
