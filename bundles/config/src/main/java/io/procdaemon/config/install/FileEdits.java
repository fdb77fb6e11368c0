package io.procdaemon.config.install;

import static java.lang.System.Logger.Level.INFO;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import org.osgi.service.cm.Configuration;

import io.procdaemon.config.daemon.DaemonSchema;
import io.procdaemon.config.toml.ConfigFileName;
import io.procdaemon.config.toml.ConfigProblem;
import io.procdaemon.config.toml.TomlEditor;

/**
 * {@link RuntimeEdits} on the files of one folder: computes the file's new text with
 * {@link TomlEditor}, evaluates it with {@link ConfigFiles#evaluate} (the rules of files), writes
 * it to a hidden temporary file in the folder and renames it into place, then writes the outcome
 * to ConfigAdmin with the fingerprint of the new bytes. The caller serialises calls with
 * FileInstall's (the installer's monitor): the notification of the rename then finds its
 * fingerprint applied and does nothing, so an edit never loops back.
 */
final class FileEdits {

    private static final System.Logger LOG = System.getLogger("io.procdaemon.config");

    private final Path directory;
    private final ConfigFiles files;

    FileEdits(Path directory, ConfigFiles files) {
        this.directory = directory;
        this.files = files;
    }

    RuntimeEdits.Edit set(String pid, String key, Object value, boolean create) {
        Configuration configuration = files.configuration(pid);
        if (configuration == null && !create) {
            throw new IllegalArgumentException("no configuration '" + pid + "'");
        }
        ConfigFileName id = identity(pid, configuration);
        Path file = directory.resolve(fileName(id));
        boolean created = !Files.exists(file);
        String before = created ? initialText(pid, configuration) : read(file);
        String after = edited(file, () -> TomlEditor.set(before, key, value));
        Map<String, String> marks = files.runtimeMarks(pid);
        String overrides = pid.equals(ConfigFiles.DAEMON_PID) ? files.overridden(key) : "";
        if (!overrides.isEmpty()) {
            // runtime edits beat the environment, now and after a restart: see ConfigFiles.RUNTIME_PROPERTY
            marks.put(key, TomlEditor.literal(value));
        }
        commit(id, file, after, marks);
        if (!overrides.isEmpty()) {
            LOG.log(INFO, () -> key + "=" + TomlEditor.literal(value) + " set at runtime overrides " + overrides);
        }
        String note = pid.equals(ConfigFiles.DAEMON_PID) && DaemonSchema.key(key).map(k -> !k.live()).orElse(false)
                ? "takes effect at the next start" : "";
        return new RuntimeEdits.Edit(pid, files.shown(file.getFileName().toString()), created, overrides, note);
    }

    RuntimeEdits.Edit unset(String pid, String key) {
        Configuration configuration = existing(pid);
        ConfigFileName id = identity(pid, configuration);
        Path file = directory.resolve(fileName(id));
        String shown = files.shown(file.getFileName().toString());
        boolean created = !Files.exists(file);
        String before = created ? initialText(pid, configuration) : read(file);
        Optional<String> after = edited(file, () -> TomlEditor.unset(before, key));
        if (after.isEmpty()) {
            if (pid.equals(ConfigFiles.DAEMON_PID) && DaemonSchema.key(key).isPresent()) {
                return new RuntimeEdits.Edit(pid, shown, false, "", shown + " does not set " + key + "; nothing changed");
            }
            throw new IllegalArgumentException("key '" + key + "' of configuration '" + pid + "' is not in " + shown);
        }
        Map<String, String> marks = files.runtimeMarks(pid);
        marks.remove(key);
        commit(id, file, after.get(), marks);
        String note = pid.equals(ConfigFiles.DAEMON_PID) && DaemonSchema.key(key).isPresent()
                ? "back to " + (files.overridden(key).isEmpty() ? "its default" : files.overridden(key)) : "";
        return new RuntimeEdits.Edit(pid, shown, created, "", note);
    }

    RuntimeEdits.Edit delete(String pid) {
        Configuration configuration = existing(pid);
        Path file = directory.resolve(fileName(identity(pid, configuration)));
        String shown = files.shown(file.getFileName().toString());
        if (!Files.exists(file)) {
            if (pid.equals(ConfigFiles.DAEMON_PID)) {
                throw new IllegalStateException("configuration '" + pid + "' has no file (" + shown
                        + "): it holds the defaults and environment, which cannot be deleted");
            }
            deleteConfiguration(configuration);
            return new RuntimeEdits.Edit(pid, "", false, "", "");
        }
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + shown + ": " + e.getMessage() + "; configuration '" + pid
                    + "' unchanged");
        }
        files.remove(file);
        if (!pid.equals(ConfigFiles.DAEMON_PID) && files.configuration(pid) != null) {
            deleteConfiguration(files.configuration(pid)); // its file was refused, so no mark named it
        }
        return new RuntimeEdits.Edit(pid, shown, false, "",
                pid.equals(ConfigFiles.DAEMON_PID) ? "back to its defaults and environment" : "");
    }

    String fileOf(String pid) {
        Configuration configuration = files.configuration(pid);
        Object file = configuration == null ? null : configuration.getProperties().get(ConfigFiles.FILE_PROPERTY);
        return file == null ? "" : files.shown(file.toString());
    }

    // -------------------------------------------------------------------------------------------------

    /** Evaluates the new text as a file; on a problem throws, else writes the file, then ConfigAdmin. */
    private void commit(ConfigFileName id, Path file, String text, Map<String, String> marks) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String name = file.getFileName().toString();
        files.tooLarge(name, bytes.length).ifPresent(problem -> {
            throw new IllegalArgumentException("refused, " + files.shown(name) + " and configuration '" + id.pid()
                    + "' unchanged: " + problem);
        });
        ConfigFiles.Outcome outcome = files.evaluate(id, name, text,
                files.fingerprint(bytes, id.pid().equals(ConfigFiles.DAEMON_PID)), marks);
        if (!outcome.ok()) {
            List<String> problems = new ArrayList<>();
            for (ConfigProblem problem : outcome.problems()) {
                // the line and column are those of a text that was not written: the key says where
                problems.add(problem.key().isEmpty() ? problem.toString()
                        : new ConfigProblem(problem.file(), 0, 0, problem.key(), problem.message()).toString());
            }
            throw new IllegalArgumentException("refused, " + files.shown(name) + " and configuration '" + id.pid()
                    + "' unchanged: " + String.join("; ", problems));
        }
        writeAtomically(file, bytes);
        files.write(outcome);
    }

    /**
     * Writes to a hidden temporary file in the same folder (FileInstall's filter and
     * {@link ConfigFileName#isConfiguration} ignore names starting with {@code .}), forces it to
     * disk, then renames it over the file: readers see the old file or the new one, never a part.
     *
     * <p>The temporary file is created with the file's permissions (a new file: 0600), never
     * wider for a moment: a configuration may hold secrets. A file that is a symbolic link (kept
     * by a configuration tool, say) is written where the link points, so the link stays.
     */
    private void writeAtomically(Path file, byte[] bytes) {
        Path target = file;
        Path temporary = null;
        try {
            if (Files.isSymbolicLink(file)) {
                target = file.toRealPath();
            }
            temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions = Files.exists(target)
                    ? Files.getPosixFilePermissions(target)
                    : java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
            try (FileChannel channel = FileChannel.open(temporary, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(permissions));
                    OutputStream out = Channels.newOutputStream(channel)) {
                out.write(bytes);
                channel.force(true);
            }
            // The umask may have narrowed the mode given at creation; never widened it.
            Files.setPosixFilePermissions(temporary, permissions);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | UnsupportedOperationException e) {
            try {
                if (temporary != null) {
                    Files.deleteIfExists(temporary);
                }
            } catch (IOException ignored) {
                // the hidden temporary file is ignored by every reader; reported with the cause below
            }
            throw new IllegalStateException("cannot write " + files.shown(file.getFileName().toString()) + ": " + e
                    + "; neither the file nor the configuration changed");
        }
    }

    /**
     * The text of a file for a configuration that has none: a header saying so, then its
     * properties (not ConfigAdmin's nor this bundle's marks) in key order. The daemon's gets no
     * properties: its configuration holds defaults and environment values, and an environment
     * value must never be written into a file.
     */
    private String initialText(String pid, Configuration configuration) {
        StringBuilder text = new StringBuilder("# Created by config:set on ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" from configuration ").append(pid)
                .append(" as it was in ConfigAdmin.\n# From now on this file is its source of truth: edit it, or use config:set and config:unset.\n");
        if (configuration == null || pid.equals(ConfigFiles.DAEMON_PID)) {
            return text.toString();
        }
        String result = text.toString();
        Map<String, Object> properties = new TreeMap<>();
        Dictionary<String, Object> dictionary = configuration.getProperties();
        for (String key : Collections.list(dictionary.keys())) {
            if (!isMark(key)) {
                properties.put(key, dictionary.get(key));
            }
        }
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            Object value = tomlForm(property.getValue());
            try {
                result = TomlEditor.set(result, property.getKey(), value);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("configuration '" + pid + "' cannot get a file: key '" + property.getKey()
                        + "' holds a " + property.getValue().getClass().getSimpleName() + ", which TOML cannot hold ("
                        + e.getMessage() + "); no file written");
            }
        }
        return result;
    }

    /** ConfigAdmin's, FileInstall's and this bundle's properties, never written into a file. */
    static boolean isMark(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.equals("service.pid") || lower.equals("service.factorypid") || lower.equals("service.bundlelocation")
                || lower.startsWith("felix.fileinstall.") || lower.startsWith("procdaemon.config.");
    }

    /** Collections and primitive arrays as object arrays; the rest as is ({@link TomlEditor#literal} converts). */
    private static Object tomlForm(Object value) {
        if (value instanceof Collection<?> collection) {
            return collection.toArray();
        }
        if (value != null && value.getClass().isArray() && value.getClass().getComponentType().isPrimitive()) {
            Object[] boxed = new Object[Array.getLength(value)];
            for (int i = 0; i < boxed.length; i++) {
                boxed[i] = Array.get(value, i);
            }
            return boxed;
        }
        return value;
    }

    /** The file a configuration has, or would have: named by its PID (named factory: factoryPid~name). */
    private ConfigFileName identity(String pid, Configuration configuration) {
        if (pid.equals(ConfigFiles.DAEMON_PID)) {
            return ConfigFileName.of(ConfigFiles.DAEMON_FILE).orElseThrow();
        }
        Optional<ConfigFileName> id;
        try {
            id = ConfigFileName.of(pid + ".toml", files.shown(pid + ".toml"));
        } catch (ConfigFileName.Invalid e) {
            throw new IllegalStateException("configuration '" + pid + "' cannot have a file: " + e.problem().message());
        }
        if (id.isPresent() && !id.get().pid().equals(pid)) {
            // etc/daemon.toml is the file of io.procdaemon.daemon, not of a PID 'daemon'.
            throw new IllegalArgumentException("configuration '" + pid + "' cannot have a file: " + pid
                    + ".toml is the file of configuration '" + id.get().pid() + "'; use that PID");
        }
        String factoryPid = configuration == null ? null : configuration.getFactoryPid();
        if (id.isEmpty() || configuration != null && id.get().isFactory() != (factoryPid != null)
                || factoryPid != null && !factoryPid.equals(id.get().factoryPid())) {
            throw new IllegalStateException("configuration '" + pid + "' cannot have a file: only singleton PIDs and named"
                    + " factory configurations (<factoryPid>~<name>) map to " + directory.getFileName() + "/<pid>.toml"
                    + (factoryPid != null ? "; this one is a factory configuration of '" + factoryPid
                            + "' with a generated PID" : ""));
        }
        return id.get();
    }

    private static String fileName(ConfigFileName id) {
        return id.pid().equals(ConfigFiles.DAEMON_PID) ? ConfigFiles.DAEMON_FILE : id.pid() + ".toml";
    }

    private Configuration existing(String pid) {
        Configuration configuration = files.configuration(pid);
        if (configuration == null) {
            throw new IllegalArgumentException("no configuration '" + pid + "'");
        }
        return configuration;
    }

    private void deleteConfiguration(Configuration configuration) {
        try {
            configuration.delete();
        } catch (IOException | IllegalStateException e) {
            throw new IllegalStateException("cannot delete configuration '" + configuration.getPid() + "': " + e.getMessage());
        }
    }

    private String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + files.shown(file.getFileName().toString()) + ": " + e);
        }
    }

    /** Runs an edit of the file's text; the editor's refusals name the file. */
    private <T> T edited(Path file, java.util.function.Supplier<T> edit) {
        try {
            return edit.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(files.shown(file.getFileName().toString()) + ": " + e.getMessage());
        }
    }
}
