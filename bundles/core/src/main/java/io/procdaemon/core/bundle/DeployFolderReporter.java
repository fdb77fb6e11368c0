package io.procdaemon.core.bundle;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Reports by name what sits in {@code deploy/} and will not run: a jar that is not an OSGi bundle
 * (FileInstall passes over it in silence) and a directory (FileInstall deploys jar files only:
 * {@code felix.fileinstall.subdir.mode = skip}). It lists the folder every {@link #SCAN_INTERVAL}
 * on a thread of its own; {@link DeployVerdicts} decides when an entry is judged (once settled,
 * once per state). At each scan it also names the installed bundles that cannot resolve, each with
 * everything it needs in one line ({@link ResolutionReports}): whatever installed them, deploy/ or
 * a shell's {@code install}.
 *
 * <p>Why its own scan rather than a FileInstall {@code ArtifactInstaller} that claims non-bundles
 * (as before): a claim takes part in FileInstall's bookkeeping, and that was wrong both ways. A
 * partial jar claimed as "not a bundle" stayed claimed, so the complete file was never installed;
 * after a restart FileInstall asked the installer about a jar deleted while the daemon was down,
 * it claimed the unreadable file and the bundle was never uninstalled. And FileInstall never shows
 * an installer a directory whose files do not match its filter. Watching from outside changes
 * nothing FileInstall does; the cost is a listing of the folder a second, and opening a jar once
 * per new state.
 *
 * <p>A bundle whose file was replaced while the daemon was stopped by one that is not a bundle is
 * uninstalled by the launcher before the framework starts ({@code StaleDeployedBundles}).
 *
 * <p>Each report is also posted to EventAdmin under {@value #REFUSED_TOPIC}, with the properties
 * {@code file} (its path), {@code reason} ({@code not_a_bundle} or {@code directory}) and
 * {@code message}: the metrics bundle counts them ({@code procdaemon_deploy_failures_total}).
 */
@Component(service = {}, immediate = true)
public final class DeployFolderReporter {

    /** EventAdmin topic of an entry of {@code deploy/} that will not run. */
    public static final String REFUSED_TOPIC = "io/procdaemon/deploy/REFUSED";

    /** How often {@code deploy/} is listed. */
    static final Duration SCAN_INTERVAL = Duration.ofSeconds(1);

    private static final System.Logger LOG = System.getLogger("io.procdaemon.bundles");
    /** FileInstall's filter as this daemon's launcher sets it, for a framework that sets none. */
    private static final String DEFAULT_FILTER = "[^.].*\\.jar";

    private final Path folder;
    private final Pattern filter;
    private final DeployVerdicts verdicts = new DeployVerdicts();
    private final ResolutionReports resolutions = new ResolutionReports();
    private final BundleContext context;
    private final ScheduledThreadPoolExecutor timer;
    private boolean scanFailed;
    private volatile EventAdmin eventAdmin;

    /** @param context the core bundle's context: FileInstall's folder and filter are framework properties */
    @Activate
    public DeployFolderReporter(BundleContext context) {
        this.context = context;
        String dir = context.getProperty("felix.fileinstall.dir");
        String filterText = context.getProperty("felix.fileinstall.filter");
        folder = dir == null ? null : Path.of(dir);
        filter = Pattern.compile(filterText == null || filterText.isEmpty() ? DEFAULT_FILTER : filterText);
        timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "procdaemon-deploy-report");
            thread.setDaemon(true);
            return thread;
        });
        if (folder != null) {
            // The first listing comes a second after the core starts: off the boot path.
            long interval = SCAN_INTERVAL.toMillis();
            timer.scheduleWithFixedDelay(this::scan, interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEventAdmin(EventAdmin admin) {
        eventAdmin = admin;
    }

    void unsetEventAdmin(EventAdmin admin) {
        if (eventAdmin == admin) {
            eventAdmin = null;
        }
    }

    /** One scan; a failure is logged once until a scan succeeds again (an exception would end the schedule). */
    private void scan() {
        try {
            reportUnresolved();
        } catch (RuntimeException e) {
            // A bundle uninstalled while it was looked at: the next scan looks again.
            LOG.log(DEBUG, "cannot check the installed bundles for unmet requirements", e);
        }
        try {
            report(verdicts.scan(list(), System.nanoTime(), name -> problem(folder.resolve(name))));
            scanFailed = false;
        } catch (IOException | RuntimeException e) {
            if (!scanFailed) {
                LOG.log(WARNING, () -> "cannot check " + folder + " for files that are not bundles: " + e);
            }
            scanFailed = true;
        }
    }

    /** The bundles that cannot resolve, each with all it needs, once ({@link ResolutionReports}). */
    private void reportUnresolved() {
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        for (String line : resolutions.check(context.getBundles(), wiring)) {
            LOG.log(WARNING, line);
        }
    }

    private void report(List<DeployVerdicts.Problem> problems) {
        for (DeployVerdicts.Problem problem : problems) {
            Path path = folder.resolve(problem.name());
            String message;
            if (problem.directory()) {
                message = path + " is a directory, not a jar: only jar files in deploy/ are deployed,"
                        + " so nothing in it runs. Put the jar file itself into deploy/.";
            } else {
                String hint = problem.reason().startsWith("cannot be read") ? " If it is still being copied, it is"
                        + " installed once complete; copy under a name starting with a dot and rename it instead." : "";
                message = path + " is not an OSGi bundle (" + problem.reason() + "); not installed,"
                        + " everything else keeps running. Build it as a bundle (bnd) or remove it." + hint;
            }
            LOG.log(WARNING, message);
            EventAdmin admin = eventAdmin;
            if (admin != null) {
                admin.postEvent(new Event(REFUSED_TOPIC, Map.of("file", path.toString(),
                        "reason", problem.directory() ? "directory" : "not_a_bundle", "message", message)));
            }
        }
    }

    /** @return the entries FileInstall's filter accepts; none if the folder does not exist (FileInstall says so) */
    private List<DeployVerdicts.Entry> list() throws IOException {
        List<DeployVerdicts.Entry> listing = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return listing;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!filter.matcher(name).matches()) {
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                } catch (IOException e) {
                    continue; // Gone since the listing (or a dangling link): judged if it comes back.
                }
                listing.add(new DeployVerdicts.Entry(name, attributes.isDirectory(), attributes.size(),
                        attributes.lastModifiedTime().toMillis()));
            }
        }
        return listing;
    }

    /** @return what keeps the jar from being a bundle, or {@code null} if it is one */
    static String problem(Path jarPath) {
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            Manifest manifest = jar.getManifest();
            if (manifest == null) {
                return "no META-INF/MANIFEST.MF";
            }
            if (manifest.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                return "no Bundle-SymbolicName in META-INF/MANIFEST.MF";
            }
            return null;
        } catch (IOException e) {
            return "cannot be read as a jar: " + e.getMessage();
        }
    }
}
