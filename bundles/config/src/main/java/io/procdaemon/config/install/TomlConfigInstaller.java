package io.procdaemon.config.install;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.procdaemon.api.SignalService;
import io.procdaemon.config.toml.ConfigProblem;

/**
 * Delivers the TOML files of {@code etc/} to ConfigAdmin: a FileInstall {@link ArtifactInstaller}
 * for {@code *.toml}, plus the work FileInstall does not do.
 *
 * <ul>
 * <li>At activation, before any subsystem can start (this bundle starts below the core and
 * {@code deploy/}), it applies every file of {@code etc/} and deletes the configurations whose
 * file was deleted while the daemon was down; then it asks FileInstall to watch {@code etc/} (a
 * factory configuration of FileInstall), so later edits arrive within a scan or two.</li>
 * <li>A file is applied only when it is valid as a whole: a parse error, a refused value, a
 * schema violation or a mismatch with the PID's Metatype description is logged with file, line, column and key, and the configuration in force
 * stays exactly as it was. At boot, an invalid {@code etc/daemon.toml} stops the daemon with the
 * launcher's bad-configuration code.</li>
 * <li>SIGHUP re-reads {@code etc/} at once.</li>
 * <li>With {@code hot_reload = false} in {@code daemon.toml} FileInstall does not watch
 * {@code etc/}: files are read at start and on SIGHUP only.</li>
 * </ul>
 * Every configuration it writes carries {@value ConfigFiles#FILE_PROPERTY}, naming its file.
 * <p>It is also the {@link RuntimeEdits} service of the {@code config:*} commands: an edit is
 * evaluated, written to its file and applied under this component's monitor, the one FileInstall's
 * callbacks take, so the notification of the write that follows finds it applied.
 */
@Component(service = {ArtifactInstaller.class, RuntimeEdits.class}, immediate = true)
public final class TomlConfigInstaller implements ArtifactInstaller, RuntimeEdits {

    /** Framework property: the folder of the TOML files; default {@code <proc-daemon.home>/etc}. */
    static final String DIRECTORY_PROPERTY = "procdaemon.config.dir";
    /** Exit code of a boot refused for bad configuration (the launcher's BAD_CONFIGURATION). */
    static final int BAD_CONFIGURATION = 5;

    private static final System.Logger LOG = System.getLogger("io.procdaemon.config");

    private final Path directory;
    private final ConfigFiles files;
    private final FileEdits edits;
    private final ConfigurationAdmin configurationAdmin;
    private volatile SignalService.Subscription hangup;
    private volatile MetaTypeService metatype;

    /**
     * @param context for the framework properties
     * @param configurationAdmin where configurations go
     * @param launcherExit the launcher's exit service (absent when embedded): a bad
     *        {@code daemon.toml} at boot ends the launch with code {@value #BAD_CONFIGURATION}
     */
    @Activate
    public TomlConfigInstaller(BundleContext context, @Reference ConfigurationAdmin configurationAdmin,
            @Reference(service = IntConsumer.class, target = "(io.procdaemon.exit=true)",
                    cardinality = ReferenceCardinality.OPTIONAL) IntConsumer launcherExit) {
        this.configurationAdmin = configurationAdmin;
        this.directory = directory(context);
        this.files = new ConfigFiles(directory, configurationAdmin, System.getenv(),
                (id, translation) -> MetatypeCheck.validate(metatype, context, id, translation),
                context.getBundle().getVersion().toString());
        this.edits = new FileEdits(directory, files);
        List<ConfigProblem> bootProblems = reconcile(false);
        if (!bootProblems.isEmpty() && launcherExit != null) {
            LOG.log(ERROR, () -> "refusing to start: " + ConfigFiles.DAEMON_FILE + " is invalid (see above); exiting with code "
                    + BAD_CONFIGURATION);
            launcherExit.accept(BAD_CONFIGURATION);
            return;
        }
        if (hotReload()) {
            watch();
        } else {
            LOG.log(INFO, () -> "hot_reload = false in " + ConfigFiles.DAEMON_FILE + ": " + directory
                    + " is read at start and on SIGHUP only");
            stopWatching();
        }
    }

    /** @return the daemon's hot_reload, as just applied (a restart-only key: read once, here) */
    private boolean hotReload() {
        try {
            Configuration[] daemon = configurationAdmin.listConfigurations("(service.pid=" + ConfigFiles.DAEMON_PID + ")");
            return daemon != null && Boolean.TRUE.equals(daemon[0].getProperties().get("hot_reload"));
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            return true;
        }
    }

    private void stopWatching() {
        try {
            Configuration[] watchers = configurationAdmin.listConfigurations(
                    "(service.pid=org.apache.felix.fileinstall~etc)");
            if (watchers != null) {
                watchers[0].delete();
            }
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            LOG.log(WARNING, () -> "cannot stop FileInstall watching " + directory + ": " + e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        SignalService.Subscription subscription = hangup;
        if (subscription != null) {
            subscription.close();
        }
    }

    /**
     * The Metatype service, to check files against published descriptions. It starts after the
     * daemon is ready; when it arrives every file is checked again. Dynamic, so that its arrival
     * does not replace this component while FileInstall may be handing it a file.
     */
    @Reference(service = MetaTypeService.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setMetaTypeService(MetaTypeService service) {
        metatype = service;
        LOG.log(INFO, () -> "Metatype available: checking " + directory + " against the published descriptions");
        reconcile(true);
    }

    void unsetMetaTypeService(MetaTypeService service) {
        if (metatype == service) {
            metatype = null;
        }
    }

    @Reference(service = SignalService.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setSignalService(SignalService signals) {
        try {
            hangup = signals.subscribe("HUP", (name, number) -> {
                LOG.log(INFO, () -> "SIGHUP: re-reading " + directory);
                reconcile(true);
            });
        } catch (RuntimeException e) {
            LOG.log(WARNING, () -> "SIGHUP will not re-read " + directory + ": " + e.getMessage());
        }
    }

    void unsetSignalService(SignalService signals) {
        SignalService.Subscription subscription = hangup;
        hangup = null;
        if (subscription != null) {
            subscription.close();
        }
    }

    // --- FileInstall -------------------------------------------------------------------------------

    @Override
    public boolean canHandle(File artifact) {
        return directory.equals(artifact.toPath().toAbsolutePath().getParent()) && ConfigFiles.isConfigFile(artifact.getName());
    }

    @Override
    public synchronized void install(File artifact) {
        files.apply(artifact.toPath(), false, false);
    }

    @Override
    public synchronized void update(File artifact) {
        files.apply(artifact.toPath(), false, false);
    }

    @Override
    public synchronized void uninstall(File artifact) {
        files.remove(artifact.toPath());
    }

    // --- runtime edits: under this monitor, so FileInstall's notification of the write waits and finds it applied

    @Override
    public synchronized Edit set(String pid, String key, Object value, boolean create) {
        return edits.set(pid, key, value, create);
    }

    @Override
    public synchronized Edit unset(String pid, String key) {
        return edits.unset(pid, key);
    }

    @Override
    public synchronized Edit delete(String pid) {
        return edits.delete(pid);
    }

    @Override
    public String fileOf(String pid) {
        return edits.fileOf(pid);
    }

    // --- boot and SIGHUP ------------------------------------------------------------------------------

    /**
     * Applies every file and removes the configurations of files that are gone.
     *
     * @param recheck translate and check files already applied as they are (SIGHUP, Metatype's arrival)
     * @return daemon.toml's problems
     */
    private synchronized List<ConfigProblem> reconcile(boolean recheck) {
        List<Path> present = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> list = Files.list(directory)) {
                list.filter(path -> ConfigFiles.isConfigFile(path.getFileName().toString())).sorted().forEach(present::add);
            } catch (IOException e) {
                LOG.log(ERROR, () -> "cannot list " + directory + ": " + e.getMessage());
            }
        }
        List<ConfigProblem> daemonProblems = new ArrayList<>();
        boolean daemonFile = false;
        for (Path file : present) {
            List<ConfigProblem> problems = files.apply(file, true, recheck);
            if (file.getFileName().toString().equals(ConfigFiles.DAEMON_FILE)) {
                daemonFile = true;
                daemonProblems.addAll(problems);
            }
        }
        if (!daemonFile) {
            daemonProblems.addAll(files.applyDaemonDefaults());
        }
        files.removeOrphans(present);
        return daemonProblems;
    }

    /** Asks FileInstall to watch the folder, through its factory configuration. */
    private void watch() {
        try {
            Configuration watcher = configurationAdmin.getFactoryConfiguration("org.apache.felix.fileinstall", "etc", "?");
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("felix.fileinstall.dir", directory.toString());
            // Only *.toml, and not what editors and copy tools write while a file is incomplete.
            properties.put("felix.fileinstall.filter", "[^.#].*\\.toml");
            properties.put("felix.fileinstall.poll", "50");
            properties.put("felix.fileinstall.noInitialDelay", "true");
            properties.put("felix.fileinstall.log.default", "jul");
            properties.put("felix.fileinstall.enableConfigSave", "false");
            watcher.updateIfDifferent(properties);
        } catch (IOException e) {
            LOG.log(ERROR, () -> "cannot ask FileInstall to watch " + directory + ": " + e.getMessage()
                    + "; edits apply on SIGHUP only");
        }
    }

    private static Path directory(BundleContext context) {
        String configured = context.getProperty(DIRECTORY_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        String home = context.getProperty("proc-daemon.home");
        return Path.of(home == null ? "." : home, "etc").toAbsolutePath().normalize();
    }
}
