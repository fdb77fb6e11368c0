package io.procdaemon.config.install;

import static java.lang.System.Logger.Level.DEBUG;
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
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.MetaTypeProvider;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.procdaemon.api.SignalService;
import io.procdaemon.config.toml.ConfigFileName;
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
 * <li>A file FileInstall reports is applied once FileInstall sees it stable (two scans alike), except
 * an empty file whose configuration has keys: a file being rewritten in place (a shell's
 * {@code >}, a truncating editor) is empty for a moment, so it is applied only once it has stayed
 * empty for {@link EmptyFileHold#SETTLE}; a half-written file that does not parse is refused like any
 * other. Either way a part of a file never replaces a good configuration.</li>
 * <li>When Metatype arrives, and whenever a bundle that describes PIDs starts (or registers a
 * describing service) after it, the files of the PIDs described are checked again: the verdict is the
 * one a live edit would get. A refusal is logged, and a file that was applied unchecked is taken
 * back: its configuration returns to what it was before (see {@link UncheckedFiles}).</li>
 * <li>SIGHUP re-reads {@code etc/} at once.</li>
 * <li>With {@code hot_reload = false} in {@code daemon.toml} FileInstall does not watch
 * {@code etc/}: files are read at start and on SIGHUP only.</li>
 * </ul>
 * Every configuration it writes carries {@value ConfigFiles#FILE_PROPERTY}, naming its file.
 * <p>It is also the {@link RuntimeEdits} service of the {@code config:*} commands: an edit is
 * evaluated, written to its file and applied under this component's monitor, the one FileInstall's
 * callbacks take, so the notification of the write that follows finds it applied.
 */
@Component(service = {ArtifactInstaller.class, RuntimeEdits.class, FileVerdicts.class}, immediate = true)
public final class TomlConfigInstaller implements ArtifactInstaller, RuntimeEdits, FileVerdicts {

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
    /** The watch of a Kubernetes ConfigMap mount on etc/, when there is one. */
    private ConfigMapMount configMap;
    private volatile MetaTypeService metatype;
    /** Where files applied and refused are posted (FileOutcomes); absent in a framework without EventAdmin. */
    private volatile EventAdmin eventAdmin;
    private final EmptyFileHold emptyFiles;
    /** Re-checks files when a bundle publishes a description after Metatype arrived. */
    private final BundleListener descriptions = this::descriptionMayHaveArrived;
    private final ServiceListener describingServices = this::describingServiceRegistered;
    private final BundleContext context;
    /** Guards the reload count and the last reload's report; waited on by {@link #awaitReload}. */
    private final Object reloads = new Object();
    private long reloadsBegun;
    private long lastReloadNumber;
    private Reload lastReload;

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
        this.context = context;
        this.emptyFiles = new EmptyFileHold(System::nanoTime, this::emptyFileSettled);
        this.directory = directory(context);
        this.files = new ConfigFiles(directory, configurationAdmin, System.getenv(),
                (id, translation) -> MetatypeCheck.validate(metatype, context, id, translation),
                context.getBundle().getVersion().toString(), maxBytes(context));
        files.outcomes(FileOutcomes.posted(() -> eventAdmin));
        this.edits = new FileEdits(directory, files);
        List<ConfigProblem> bootProblems = reconcile(false).refused().getOrDefault(files.shown(ConfigFiles.DAEMON_FILE), List.of());
        if (!bootProblems.isEmpty() && launcherExit != null) {
            LOG.log(ERROR, () -> "refusing to start: " + ConfigFiles.DAEMON_FILE + " is invalid (see above); exiting with code "
                    + BAD_CONFIGURATION);
            launcherExit.accept(BAD_CONFIGURATION);
            return;
        }
        if (hotReload()) {
            watch();
            configMap = ConfigMapMount.watch(directory, () -> reconcile(true)).orElse(null);
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
        if (configMap != null) {
            configMap.close();
        }
        SignalService.Subscription subscription = hangup;
        if (subscription != null) {
            subscription.close();
        }
        context.removeBundleListener(descriptions);
        context.removeServiceListener(describingServices);
        emptyFiles.close();
    }

    @Reference(service = EventAdmin.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEventAdmin(EventAdmin admin) {
        eventAdmin = admin;
    }

    void unsetEventAdmin(EventAdmin admin) {
        if (eventAdmin == admin) {
            eventAdmin = null;
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
        context.addBundleListener(descriptions);
        try {
            context.addServiceListener(describingServices, DESCRIBING_SERVICES);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("the filter " + DESCRIBING_SERVICES + " is constant and valid", e);
        }
    }

    void unsetMetaTypeService(MetaTypeService service) {
        if (metatype == service) {
            metatype = null;
            context.removeBundleListener(descriptions);
            context.removeServiceListener(describingServices);
        }
    }

    /**
     * Services through which a bundle describes configuration besides its
     * {@code OSGI-INF/metatype} resources: a {@link MetaTypeProvider}, or a service with
     * {@code metatype.pid} / {@code metatype.factory.pid} (as Felix HTTP's managed service).
     */
    private static final String DESCRIBING_SERVICES = "(|(objectClass=" + MetaTypeProvider.class.getName() + ")("
            + MetaTypeProvider.METATYPE_PID + "=*)(" + MetaTypeProvider.METATYPE_FACTORY_PID + "=*))";

    private void descriptionMayHaveArrived(BundleEvent event) {
        if (event.getType() == BundleEvent.STARTED) {
            recheckDescribedBy(event.getBundle());
        }
    }

    private void describingServiceRegistered(ServiceEvent event) {
        if (event.getType() == ServiceEvent.REGISTERED) {
            recheckDescribedBy(event.getServiceReference().getBundle());
        }
    }

    /**
     * A bundle started (or registered a describing service) after Metatype: the files of the PIDs
     * it describes were applied without its description, so they are checked again now, with the
     * verdict a live edit would get; a refusal is logged and a file applied unchecked is taken back.
     */
    private synchronized void recheckDescribedBy(Bundle bundle) {
        MetaTypeService service = metatype;
        if (service == null || bundle == null) {
            return;
        }
        Set<String> described = MetatypeCheck.describedPids(service, bundle);
        if (described.isEmpty()) {
            return;
        }
        for (Path file : present()) {
            ConfigFileName.of(file.getFileName().toString())
                    .filter(id -> described.contains(id.factoryPid().isEmpty() ? id.pid() : id.factoryPid()))
                    .ifPresent(id -> {
                        // DEBUG: at every boot each deployed bundle's files are checked again; a refusal logs itself
                        LOG.log(DEBUG, () -> files.shown(file.getFileName().toString()) + ": "
                                + "bundle " + bundle.getSymbolicName() + " " + bundle.getVersion() + " describes " + id.pid() + "; checking the file against it");
                        applyLive(file, true);
                    });
        }
    }

    @Reference(service = SignalService.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setSignalService(SignalService signals) {
        try {
            hangup = signals.subscribe("HUP", (name, number) -> {
                LOG.log(INFO, () -> "SIGHUP: re-reading " + directory);
                reload();
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
        applyLive(artifact.toPath(), false);
    }

    @Override
    public synchronized void update(File artifact) {
        applyLive(artifact.toPath(), false);
    }

    /**
     * Applies a file while the daemon runs, unless it is empty while its configuration has keys:
     * then it is held until it has stayed empty for {@link EmptyFileHold#SETTLE}, whoever asks
     * (FileInstall, SIGHUP, a new description).
     *
     * @param recheck translate and check the file even if its fingerprint says it is applied
     * @return the problems that kept the file out; empty while the file is held
     */
    private Optional<List<ConfigProblem>> applyLive(Path file, boolean recheck) {
        EmptyFileHold.Verdict verdict = emptyFiles.hold(file, files.hasKeys(file.getFileName().toString()));
        if (verdict == EmptyFileHold.Verdict.HELD) {
            LOG.log(INFO, () -> files.shown(file.getFileName().toString()) + " is empty: applied only if it stays empty for "
                    + EmptyFileHold.SETTLE.toMillis() + " ms (a file being rewritten is empty for a moment); until then"
                    + " its configuration stays as it was");
        }
        return verdict == EmptyFileHold.Verdict.APPLY ? Optional.of(files.apply(file, false, recheck)) : Optional.empty();
    }

    /** An empty file's hold has ended: applies it if it is still the empty file that was held. */
    private synchronized void emptyFileSettled(Path file) {
        if (emptyFiles.settled(file)) {
            files.apply(file, false, false);
        }
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
     * @param recheck false at activation (the boot); true to translate and check again files already
     *        applied as they are (SIGHUP, Metatype's arrival), an empty file being held as it is live
     * @return what became of each file; daemon.toml's problems (or those of the defaults and the
     *         environment, when there is no daemon.toml) under its name
     */
    private synchronized Reload reconcile(boolean recheck) {
        List<Path> present = present();
        List<String> applied = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        List<String> held = new ArrayList<>();
        java.util.SortedMap<String, List<ConfigProblem>> refused = new java.util.TreeMap<>();
        boolean daemonFile = false;
        for (Path file : present) {
            String shown = files.shown(file.getFileName().toString());
            long appliesBefore = files.applies();
            Optional<List<ConfigProblem>> problems = recheck ? applyLive(file, true) : Optional.of(files.apply(file, true, false));
            daemonFile |= file.getFileName().toString().equals(ConfigFiles.DAEMON_FILE);
            if (problems.isEmpty()) {
                held.add(shown);
            } else if (!problems.get().isEmpty()) {
                refused.put(shown, problems.get());
            } else {
                (files.applies() > appliesBefore ? applied : unchanged).add(shown);
            }
        }
        if (!daemonFile) {
            List<ConfigProblem> defaults = files.applyDaemonDefaults();
            if (!defaults.isEmpty()) {
                refused.put(files.shown(ConfigFiles.DAEMON_FILE), defaults);
            }
        }
        files.removeOrphans(present);
        return new Reload(List.copyOf(applied), List.copyOf(unchanged), List.copyOf(held),
                java.util.Collections.unmodifiableSortedMap(refused));
    }

    /** A reload (SIGHUP, daemon:reload): {@link #reconcile}, numbered and kept for {@link #awaitReload}. */
    private void reload() {
        long number;
        synchronized (reloads) {
            number = ++reloadsBegun;
        }
        Reload reload = reconcile(true);
        synchronized (reloads) {
            lastReloadNumber = Math.max(lastReloadNumber, number);
            lastReload = reload;
            reloads.notifyAll();
        }
    }

    @Override
    public java.util.SortedMap<String, List<ConfigProblem>> refused() {
        return files.refused();
    }

    @Override
    public long reloadsBegun() {
        synchronized (reloads) {
            return reloadsBegun;
        }
    }

    @Override
    public Optional<Reload> awaitReload(long begun, java.time.Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        synchronized (reloads) {
            while (lastReloadNumber <= begun) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(reloads, left);
            }
            return Optional.of(lastReload);
        }
    }

    /** @return the configuration files of the folder, sorted by name */
    private List<Path> present() {
        List<Path> present = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> list = Files.list(directory)) {
                list.filter(path -> ConfigFiles.isConfigFile(path.getFileName().toString())).sorted().forEach(present::add);
            } catch (IOException e) {
                LOG.log(ERROR, () -> "cannot list " + directory + ": " + e.getMessage());
            }
        }
        return present;
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
            // Folders in etc/ are not configuration (FileInstall's default mode takes a folder for
            // an exploded bundle): skipped, among them a Kubernetes ConfigMap's ..data and
            // ..<timestamp> folders, whose files etc/'s links lead to.
            properties.put("felix.fileinstall.subdir.mode", "skip");
            properties.put("felix.fileinstall.noInitialDelay", "true");
            properties.put("felix.fileinstall.log.default", "jul");
            properties.put("felix.fileinstall.enableConfigSave", "false");
            watcher.updateIfDifferent(properties);
        } catch (IOException e) {
            LOG.log(ERROR, () -> "cannot ask FileInstall to watch " + directory + ": " + e.getMessage()
                    + "; edits apply on SIGHUP only");
        }
    }

    /** @return {@value ConfigFiles#MAX_BYTES_PROPERTY}, or its default (with an error) when it is not a positive number */
    private static long maxBytes(BundleContext context) {
        String configured = context.getProperty(ConfigFiles.MAX_BYTES_PROPERTY);
        if (configured == null || configured.isBlank()) {
            return ConfigFiles.DEFAULT_MAX_BYTES;
        }
        try {
            long value = Long.parseLong(configured.strip());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.log(ERROR, () -> ConfigFiles.MAX_BYTES_PROPERTY + " = " + configured + " is not a positive whole number of bytes;"
                + " using " + ConfigFiles.DEFAULT_MAX_BYTES + " (1 MiB)");
        return ConfigFiles.DEFAULT_MAX_BYTES;
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
