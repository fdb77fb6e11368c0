package io.procdaemon.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;

/**
 * The bundles {@code deploy/} held when the daemon was launched, and whether each has had its
 * outcome: readiness waits for them ({@code start}, {@code READY=1} and {@code /health/started}
 * mean that what {@code deploy/} held at boot is installed and started, or reported as failing).
 *
 * <p>The launcher lists the folder before the framework starts, keeping the files that are
 * bundles by FileInstall's own rule ({@link StaleDeployedBundles#notABundle}); a jar that is not
 * one is FileInstall's to pass over and the core's to report, and waits for nothing. FileInstall
 * installs and starts the rest once the framework reaches its level; with a kept cache the
 * framework starts them itself. A bundle's outcome is one of:
 * <ul>
 * <li>started: {@code ACTIVE} with its Declarative Services components taken in by SCR (which
 * does that on a thread of its own after the bundle starts: {@link ScrComponents}), or
 * {@code STARTING} with a lazy activation policy, or a fragment once installed (it never starts;
 * its host's outcome is what counts);
 * <li>failing: its activator threw ({@code STOPPED} after {@code STARTING}, with no {@code STARTED}
 * between), or, once every bundle of the list is installed, a mandatory requirement of it has no
 * provider among the installed bundles (nothing FileInstall installs later can satisfy it);
 * <li>stopped by the operator: in the cache before the framework started and not persistently
 * started, so nobody will start it.
 * </ul>
 * A file whose bundle never appears (FileInstall found it unreadable by then, a file deleted
 * meanwhile) is given up on when the folder no longer holds it. Everything else is waited for,
 * within the bound the launcher gives.
 *
 * <p>Not covered: a jar replaced by a newer version while the daemon was stopped. The old bundle
 * from the cache is ACTIVE at once and FileInstall updates it shortly after readiness; telling a
 * real change from a touched file would take FileInstall's checksums, which are its internals.
 */
final class DeployedAtBoot implements SynchronousBundleListener, ServiceListener {

    /** Set by {@link #outcomes()}, read by the same (launcher) thread. */
    private boolean componentsPending;

    /** A bundle's outcome, as {@link #outcomes()} reports it. */
    enum Outcome {
        STARTED("started"), FAILING("failing"), STOPPED_BY_OPERATOR("stopped by the operator"),
        GONE("gone from deploy/"), PENDING("still starting");

        private final String words;

        Outcome(String words) {
            this.words = words;
        }

        /** @return how the daemon's log says it */
        String words() {
            return words;
        }
    }

    private final BundleContext context;
    /** Absolute, normalized files that are bundles. */
    private final Set<Path> files;
    private final Set<Long> inCacheAtBoot = new HashSet<>();
    private final Set<Long> startingNotStarted = new HashSet<>();
    private final Set<Long> activatorFailed = new HashSet<>();
    private final Set<Long> unresolvable = new HashSet<>();
    /** Bundle events of listed files so far, and how many of them {@link #outcomes()} has seen. */
    private long changes;
    private long seen;

    private DeployedAtBoot(BundleContext context, Set<Path> files) {
        this.context = context;
        this.files = files;
    }

    /**
     * Lists {@code folder} and starts listening; call before the framework starts, after the stale
     * bundles are gone ({@link StaleDeployedBundles}).
     *
     * @param filter FileInstall's file name filter ({@code felix.fileinstall.filter})
     */
    static DeployedAtBoot list(BundleContext context, Path folder, Pattern filter) {
        Set<Path> files = new TreeSet<>();
        Path dir = folder.toAbsolutePath().normalize();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path file : entries) {
                    if (filter.matcher(file.getFileName().toString()).matches() && Files.isRegularFile(file)
                            && StaleDeployedBundles.notABundle(file) == null) {
                        files.add(file);
                    }
                }
            } catch (IOException e) {
                // The core reports a folder it cannot list; with nothing listed, nothing is waited for.
            }
        }
        DeployedAtBoot deployed = new DeployedAtBoot(context, files);
        for (Bundle bundle : context.getBundles()) {
            deployed.inCacheAtBoot.add(bundle.getBundleId());
        }
        if (!files.isEmpty()) {
            context.addBundleListener(deployed);
            context.addServiceListener(deployed);
        }
        return deployed;
    }

    /**
     * @return whether the last {@link #outcomes()} waited only for SCR to take in a started
     *         bundle's components: a matter of milliseconds, which no event may announce
     */
    boolean componentsPending() {
        return componentsPending;
    }

    /** @return whether {@code deploy/} held a bundle at boot (otherwise there is nothing to wait for) */
    boolean any() {
        return !files.isEmpty();
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Path file = StaleDeployedBundles.fileOf(event.getBundle());
        if (file == null || !files.contains(file)) {
            return;
        }
        long id = event.getBundle().getBundleId();
        synchronized (this) {
            switch (event.getType()) {
                case BundleEvent.STARTING -> startingNotStarted.add(id);
                case BundleEvent.STARTED -> {
                    startingNotStarted.remove(id);
                    activatorFailed.remove(id);
                }
                // STOPPED after STARTING without STARTED: the activator threw. (A refresh stops a
                // started bundle: STOPPED after STARTED, then it starts again.)
                case BundleEvent.STOPPED -> {
                    if (startingNotStarted.remove(id)) {
                        activatorFailed.add(id);
                    }
                }
                default -> {
                    // Installed, resolved, updated...: only a reason to look again.
                }
            }
            changes++;
            notifyAll();
        }
    }

    /**
     * A service registered or changed: SCR taking in a started bundle's components registers them
     * ({@link ScrComponents}), and no bundle event says so; a reason to look again.
     */
    @Override
    public void serviceChanged(ServiceEvent event) {
        synchronized (this) {
            changes++;
            notifyAll();
        }
    }

    /**
     * Each listed file and its outcome so far. Called with no lock of ours held while the framework
     * is asked anything: this listener is synchronous, so the framework calls it from threads that
     * hold its own locks.
     */
    Map<Path, Outcome> outcomes() {
        componentsPending = false;
        Set<Long> failed;
        Set<Long> starting;
        synchronized (this) {
            seen = changes;
            failed = new HashSet<>(activatorFailed);
            failed.addAll(unresolvable);
            starting = new HashSet<>(startingNotStarted);
        }
        Map<Path, Bundle> installed = new HashMap<>();
        for (Bundle bundle : context.getBundles()) {
            Path file = StaleDeployedBundles.fileOf(bundle);
            if (file != null && files.contains(file)) {
                installed.put(file, bundle);
            }
        }
        Map<Path, Outcome> outcomes = new TreeMap<>();
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        for (Path file : files) {
            Bundle bundle = installed.get(file);
            Outcome outcome = bundle == null ? (Files.isRegularFile(file) ? Outcome.PENDING : Outcome.GONE)
                    : outcomeOf(bundle, failed, starting);
            // Every listed bundle installed: a requirement nobody provides now will not be met when
            // FileInstall (or the framework) tries to start it. A conflict of uses constraints
            // is not found this way; the bound ends that wait.
            if (outcome == Outcome.PENDING && bundle != null && bundle.getState() == Bundle.INSTALLED
                    && installed.size() == files.size() && lacksAProvider(bundle, wiring)) {
                synchronized (this) {
                    unresolvable.add(bundle.getBundleId());
                }
                outcome = Outcome.FAILING;
            }
            outcomes.put(file, outcome);
        }
        return outcomes;
    }

    /** @return whether a mandatory requirement of the bundle has no provider among the installed bundles */
    private static boolean lacksAProvider(Bundle bundle, FrameworkWiring wiring) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return false; // Uninstalled meanwhile: looked at again at the next round.
        }
        for (BundleRequirement requirement : revision.getDeclaredRequirements(null)) {
            Map<String, String> directives = requirement.getDirectives();
            String effective = directives.get(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE);
            if (Namespace.RESOLUTION_OPTIONAL.equals(directives.get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE))
                    || (effective != null && !Namespace.EFFECTIVE_RESOLVE.equals(effective))
                    || HostNamespace.HOST_NAMESPACE.equals(requirement.getNamespace())) {
                continue;
            }
            if (wiring.findProviders(requirement).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private Outcome outcomeOf(Bundle bundle, Set<Long> failed, Set<Long> starting) {
        long id = bundle.getBundleId();
        int state = bundle.getState();
        if (bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null) {
            return Outcome.STARTED;
        }
        if (state == Bundle.ACTIVE) {
            // Started, and its DS components taken in: its subsystems exist when ready is said.
            if (ScrComponents.takenIn(context, bundle)) {
                return Outcome.STARTED;
            }
            componentsPending = true;
            return Outcome.PENDING;
        }
        if (state == Bundle.STARTING && Constants.ACTIVATION_LAZY.equals(activationPolicy(bundle))) {
            return Outcome.STARTED;
        }
        if (failed.contains(id) && !starting.contains(id)) {
            return Outcome.FAILING;
        }
        if (inCacheAtBoot.contains(id) && (state & (Bundle.INSTALLED | Bundle.RESOLVED)) != 0
                && !bundle.adapt(BundleStartLevel.class).isPersistentlyStarted()) {
            return Outcome.STOPPED_BY_OPERATOR;
        }
        return Outcome.PENDING;
    }

    private static String activationPolicy(Bundle bundle) {
        String header = bundle.getHeaders("").get(Constants.BUNDLE_ACTIVATIONPOLICY);
        return header == null ? null : header.split(";")[0].strip();
    }

    /**
     * Waits for a bundle event of a listed file that {@link #outcomes()} has not seen yet (at once if
     * one came in between), or at most {@code millis}.
     */
    synchronized void awaitChange(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long left = millis;
        while (changes == seen && left > 0) {
            wait(left);
            left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        }
    }

    /** @return the line the launcher logs before the ready line: what deploy/ held and how each went */
    static String summary(Map<Path, Outcome> outcomes) {
        StringBuilder line = new StringBuilder("deploy/ held " + outcomes.size() + (outcomes.size() == 1 ? " bundle" : " bundles")
                + " at boot: " + count(outcomes, Outcome.STARTED) + " started");
        for (Outcome outcome : List.of(Outcome.FAILING, Outcome.PENDING, Outcome.STOPPED_BY_OPERATOR, Outcome.GONE)) {
            if (outcomes.containsValue(outcome)) {
                line.append(", ").append(count(outcomes, outcome)).append(' ').append(outcome.words())
                        .append(" (").append(named(outcomes, outcome)).append(')');
            }
        }
        return line.toString();
    }

    /** @return the file names with this outcome, comma-separated */
    static String named(Map<Path, Outcome> outcomes, Outcome outcome) {
        List<String> names = new ArrayList<>();
        outcomes.forEach((file, o) -> {
            if (o == outcome) {
                names.add(file.getFileName().toString());
            }
        });
        return String.join(", ", names);
    }

    private static long count(Map<Path, Outcome> outcomes, Outcome outcome) {
        return outcomes.values().stream().filter(outcome::equals).count();
    }

    /** Stops listening: once ready, the core reports what happens in deploy/. */
    void close() {
        if (!files.isEmpty()) {
            context.removeBundleListener(this);
            context.removeServiceListener(this);
        }
    }
}
