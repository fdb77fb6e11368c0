package io.procdaemon.runtime;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The properties the framework is launched with. Sources, later ones winning:
 * <ol>
 * <li>the defaults below (every one shown and explained in the shipped {@code etc/config.properties});</li>
 * <li>{@code etc/config.properties}, where {@code ${proc-daemon.home}} stands for the home;</li>
 * <li>system properties ({@code -Dkey=value} in {@code JAVA_OPTS}) with the same key.</li>
 * </ol>
 * Keys not set here still reach bundles: Felix falls back to system properties.
 */
final class FrameworkProperties {

    /** How long the launcher waits for the core services before giving up, in milliseconds. */
    static final String READY_TIMEOUT_MILLISECONDS = "procdaemon.ready.timeout.ms";
    /** How long readiness waits for the bundles deploy/ held at boot, in milliseconds. */
    static final String READY_DEPLOY_TIMEOUT = "procdaemon.ready.deploy.timeout.ms";
    /** FileInstall's file name filter as the launcher sets it: jars, not hidden files. */
    static final String DEFAULT_DEPLOY_FILTER = "[^.].*\\.jar";
    /** The start level the framework boots to before readiness; the rest starts after it. */
    static final String READY_START_LEVEL = "procdaemon.ready.startlevel";
    static final String BEGINNING_START_LEVEL = "org.osgi.framework.startlevel.beginning";
    static final String FILEINSTALL_START_LEVEL = "felix.fileinstall.start.level";
    static final String FILEINSTALL_ACTIVE_LEVEL = "felix.fileinstall.active.level";

    private FrameworkProperties() {
    }

    static Map<String, String> defaults(DaemonHome home) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("org.osgi.framework.storage", home.data().resolve("cache").toString());
        p.put("org.osgi.framework.startlevel.beginning", "100");
        p.put("felix.startlevel.bundle", "80");
        p.put("felix.log.level", "1");
        p.put("felix.fileinstall.dir", home.deploy().toString());
        p.put("felix.fileinstall.poll", "100");
        // deploy/ is not read before the framework reaches the level of its bundles (see
        // load(): felix.fileinstall.active.level follows start.level). A bundle FileInstall
        // installs below that level cannot be started yet, and FileInstall counts that as a
        // failure, so a later real failure (an unresolvable import) went unreported. Hence no
        // scan at FileInstall's own start (level 30) either.
        p.put("felix.fileinstall.noInitialDelay", "false");
        p.put("felix.fileinstall.filter", DEFAULT_DEPLOY_FILTER);
        // Jar files only: FileInstall would otherwise jar up a directory whose files happen to match
        // the filter and install that, and pass over every other directory in silence. The core
        // reports directories in deploy/ instead (DeployFolderReporter).
        p.put("felix.fileinstall.subdir.mode", "skip");
        p.put(FILEINSTALL_START_LEVEL, "80");
        p.put("felix.fileinstall.bundles.new.start", "true");
        p.put("felix.fileinstall.tmpdir", home.data().resolve("tmp").toString());
        p.put("felix.fileinstall.log.default", "jul");
        p.put("felix.fileinstall.log.level", "3");
        p.put("felix.fileinstall.enableConfigSave", "false");
        p.put(READY_TIMEOUT_MILLISECONDS, "60000");
        p.put(READY_DEPLOY_TIMEOUT, "30000");
        p.put(READY_START_LEVEL, "30");
        // The attached shell's socket (bin/proc-daemon client looks for it here too).
        p.put("procdaemon.shell.socket", home.data().resolve("run").resolve("daemon.sock").toString());
        return p;
    }

    static Map<String, String> load(DaemonHome home) throws LaunchException {
        Map<String, String> result = defaults(home);
        Path file = home.etc().resolve("config.properties");
        Properties fromFile = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            fromFile.load(reader);
        } catch (NoSuchFileException e) {
            // Defaults only.
        } catch (IOException | IllegalArgumentException e) {
            throw new LaunchException(ExitCode.BAD_CONFIGURATION, "cannot read " + home.show(file) + ": " + e.getMessage(), e);
        }
        String homeText = home.root().toString();
        for (String key : fromFile.stringPropertyNames()) {
            result.put(key, fromFile.getProperty(key).replace("${proc-daemon.home}", homeText));
        }
        for (String key : result.keySet()) {
            String override = System.getProperty(key);
            if (override != null) {
                result.put(key, override);
            }
        }
        // Unless set, FileInstall starts reading deploy/ at the level its bundles get (see above).
        result.putIfAbsent(FILEINSTALL_ACTIVE_LEVEL,
                System.getProperty(FILEINSTALL_ACTIVE_LEVEL, result.get(FILEINSTALL_START_LEVEL)));
        return result;
    }

    /**
     * @return {start level to boot to before readiness, start level to raise to after it}: the
     *         first is {@value #READY_START_LEVEL} capped by the beginning start level
     */
    static int[] startLevels(Map<String, String> properties) throws LaunchException {
        int beginning = level(properties, BEGINNING_START_LEVEL);
        int ready = level(properties, READY_START_LEVEL);
        return new int[] {Math.min(ready, beginning), beginning};
    }

    private static int level(Map<String, String> properties, String key) throws LaunchException {
        String value = properties.get(key);
        try {
            int level = Integer.parseInt(value.strip());
            if (level >= 1) {
                return level;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // Reported below.
        }
        throw new LaunchException(ExitCode.BAD_CONFIGURATION, key + "='" + value + "' is not a start level (a whole number from 1)");
    }

    static long readyTimeoutMillis(Map<String, String> properties) throws LaunchException {
        return positiveMillis(properties, READY_TIMEOUT_MILLISECONDS);
    }

    static long readyDeployTimeoutMillis(Map<String, String> properties) throws LaunchException {
        return positiveMillis(properties, READY_DEPLOY_TIMEOUT);
    }

    private static long positiveMillis(Map<String, String> properties, String key) throws LaunchException {
        String value = properties.get(key);
        try {
            long millis = Long.parseLong(value.strip());
            if (millis > 0) {
                return millis;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new LaunchException(ExitCode.BAD_CONFIGURATION,
                key + "='" + value + "' is not a positive whole number of milliseconds");
    }
}
