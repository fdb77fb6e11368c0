package io.procdaemon.runtime;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

import io.procdaemon.runtime.logging.DaemonLogHandler;
import io.procdaemon.runtime.logging.LogServices;

/**
 * Boots the framework with the startup bundles, tells when the daemon is ready, and turns the
 * framework's end into an exit code.
 *
 * <p>The core bundle's shutdown ladder reaches the launcher through an {@link IntConsumer} service
 * registered here with property {@code io.procdaemon.exit=true}: a JDK type, so no class has to
 * cross the framework boundary. Its first call stops the framework; the highest code asked for is
 * the exit code.
 */
final class FrameworkBoot {

    /** The services whose presence means the daemon is ready (names only: their classes live in bundles). */
    static final List<String> READY_SERVICES =
            List.of("io.procdaemon.api.ShutdownCoordinator", "io.procdaemon.api.SignalService");

    private static final System.Logger LOG = System.getLogger("io.procdaemon.launcher");
    private static final String CORE_BUNDLE = "io.procdaemon.core";
    /** How often the deploy/ wait looks again without a bundle event (a file deleted meanwhile). */
    private static final long PENDING_RECHECK_MILLIS = 200;
    /** SCR takes in a started bundle's components within milliseconds, and no event need say so. */
    private static final long COMPONENTS_RECHECK_MILLIS = 10;

    private final DaemonHome home;
    private final Map<String, String> properties;
    private final List<StartupBundles.Entry> startup;
    private final AtomicInteger exitCode = new AtomicInteger(-1);
    /** Open once framework.start() has returned: a stop asked for during the boot waits for it. */
    private final CountDownLatch started = new CountDownLatch(1);
    /** Open once the daemon is ready, or once an exit was asked for (a refused configuration). */
    private final CountDownLatch readyOrExit = new CountDownLatch(1);
    private final FrameworkListener bootErrors = this::logBootError;
    /** Set once the framework has stopped and the exit code is read: it does not change after. */
    private volatile boolean decided;
    /** Read by the launcher's signal handlers, on the JVM's signal threads. */
    private volatile Framework framework;
    private int fullStartLevel;
    /** What deploy/ held at boot; {@code null} without a deploy/ folder (felix.fileinstall.dir unset). */
    private DeployedAtBoot deployed;

    FrameworkBoot(DaemonHome home, Map<String, String> properties, List<StartupBundles.Entry> startup) {
        this.home = home;
        this.properties = properties;
        this.startup = startup;
    }

    /**
     * Creates the framework, brings the startup bundles in line with etc/startup.properties, and
     * starts it up to the start level that makes the daemon ready ({@code procdaemon.ready.startlevel});
     * {@link #finishStartLevels()} raises it to the beginning start level afterwards.
     */
    void start() throws LaunchException {
        int[] levels = FrameworkProperties.startLevels(properties);
        fullStartLevel = levels[1];
        properties.put(FrameworkProperties.BEGINNING_START_LEVEL, Integer.toString(levels[0]));
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new LaunchException(ExitCode.FAILURE, "no OSGi framework on the launcher's class path (lib/)"));
        // Felix takes a logger object among its (otherwise textual) configuration properties.
        Map<String, Object> configuration = new HashMap<>(properties);
        configuration.put("felix.log.logger", new FelixLogBridge());
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, String> untyped = (Map) configuration;
        framework = factory.newFramework(untyped);
        try {
            framework.init();
            BundleContext context = framework.getBundleContext();
            context.addFrameworkListener(bootErrors);
            // Before any bundle resolves, cached ones from deploy/ included (DaemonApiResolverHook).
            context.registerService(ResolverHookFactory.class, new DaemonApiResolverHook(home.system()), null);
            context.registerService(IntConsumer.class, this::requestExit,
                    new java.util.Hashtable<>(Map.of("io.procdaemon.exit", Boolean.TRUE)));
            DaemonLogHandler.installed().ifPresent(log -> LogServices.register(context, log));
            reconcile(context);
            String deploy = properties.get("felix.fileinstall.dir");
            if (deploy != null) {
                StaleDeployedBundles.uninstall(context, Path.of(deploy));
                String filter = properties.getOrDefault("felix.fileinstall.filter", "");
                deployed = DeployedAtBoot.list(context, Path.of(deploy),
                        Pattern.compile(filter.isEmpty() ? FrameworkProperties.DEFAULT_DEPLOY_FILTER : filter));
            }
            framework.start();
        } catch (BundleException e) {
            throw new LaunchException(ExitCode.FAILURE, "the framework failed to start: " + e.getMessage(), e);
        } finally {
            started.countDown();
        }
    }

    /**
     * @return whether the daemon is on its way out: an exit was asked for, or the framework is
     *         stopping (someone stopped the system bundle)
     */
    boolean stopping() {
        Framework f = framework;
        return exitRequested() || (f != null && f.getState() == Bundle.STOPPING);
    }

    /** @return whether a bundle asked the launcher to exit (the exit code is then set) */
    boolean exitRequested() {
        return exitCode.get() >= 0;
    }

    /**
     * Waits until the core services are registered, or an exit is asked for meanwhile (then the
     * daemon is not ready, whatever is registered: see {@link #exitRequested()}).
     */
    void awaitReady(long timeoutMillis) throws LaunchException {
        BundleContext context = framework.getBundleContext();
        Set<String> missing = java.util.concurrent.ConcurrentHashMap.newKeySet();
        missing.addAll(READY_SERVICES);
        CountDownLatch ready = readyOrExit;
        StringBuilder filter = new StringBuilder("(|");
        READY_SERVICES.forEach(name -> filter.append("(objectClass=").append(name).append(')'));
        ServiceListener listener = event -> {
            for (String name : (String[]) event.getServiceReference().getProperty(Constants.OBJECTCLASS)) {
                missing.remove(name);
            }
            if (missing.isEmpty()) {
                ready.countDown();
            }
        };
        try {
            context.addServiceListener(listener, filter.append(')').toString());
            missing.removeIf(name -> context.getServiceReference(name) != null);
            if (missing.isEmpty()) {
                ready.countDown();
            }
            if (!ready.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new LaunchException(ExitCode.FAILURE, "not ready after " + timeoutMillis + " ms: missing services "
                        + missing + "; bundles not active: " + inactiveBundles());
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException(ExitCode.FAILURE, "interrupted while waiting for the daemon to be ready", e);
        } finally {
            context.removeServiceListener(listener);
        }
        // From here on the core bundle reports framework errors.
        context.removeFrameworkListener(bootErrors);
    }

    /**
     * Tells the bundles that the daemon is ready: a marker service in the system bundle's context,
     * {@code io.procdaemon.ready=true} with {@code io.procdaemon.ready.ms} (a JDK type, so no class
     * is shared across the framework boundary). The core's systemd notifier sends {@code READY=1}
     * on it; it is registered after data/ready is written, so every sign of readiness agrees.
     *
     * @param readyMillis milliseconds from launch to ready
     */
    void announceReady(long readyMillis) {
        java.util.Hashtable<String, Object> properties = new java.util.Hashtable<>();
        properties.put("io.procdaemon.ready", Boolean.TRUE);
        properties.put("io.procdaemon.ready.ms", readyMillis);
        framework.getBundleContext().registerService(Object.class, new Object(), properties);
    }

    /**
     * When {@code deploy/} held bundles at boot, raises the framework to its beginning start level
     * now and waits until each of them is started or failing ({@link DeployedAtBoot}), so that
     * readiness means they ran. Past {@code boundMillis} the daemon is ready without the ones still
     * pending, and a warning names them. With an empty {@code deploy/} nothing waits: the levels
     * above the ready level start after readiness ({@link #finishStartLevels()}).
     *
     * @return one line on what deploy/ held and how it went, or {@code null} when it held no bundle
     *         or a stop was asked for meanwhile
     */
    String awaitDeployed(long boundMillis) throws InterruptedException {
        if (deployed == null || !deployed.any()) {
            return null;
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(boundMillis);
            CountDownLatch raised = new CountDownLatch(1);
            FrameworkStartLevel startLevel = framework.adapt(FrameworkStartLevel.class);
            if (startLevel.getStartLevel() < fullStartLevel) {
                startLevel.setStartLevel(fullStartLevel, event -> raised.countDown());
            } else {
                raised.countDown();
            }
            while (!raised.await(PENDING_RECHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                if (stopping()) {
                    return null;
                }
                if (System.nanoTime() - deadline > 0) {
                    break;
                }
            }
            Map<Path, DeployedAtBoot.Outcome> outcomes = deployed.outcomes();
            while (outcomes.containsValue(DeployedAtBoot.Outcome.PENDING)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (stopping()) {
                    return null;
                }
                if (left <= 0) {
                    LOG.log(WARNING, "ready without waiting longer for " + DeployedAtBoot.named(outcomes, DeployedAtBoot.Outcome.PENDING)
                            + " of deploy/: not started after " + boundMillis + " ms (" + FrameworkProperties.READY_DEPLOY_TIMEOUT
                            + "); still starting");
                    break;
                }
                deployed.awaitChange(Math.min(left, deployed.componentsPending() ? COMPONENTS_RECHECK_MILLIS
                        : PENDING_RECHECK_MILLIS));
                outcomes = deployed.outcomes();
            }
            return DeployedAtBoot.summary(outcomes);
        } finally {
            deployed.close();
        }
    }

    /**
     * Raises the framework to its beginning start level, in the background: what starts above the
     * ready level (Metatype, bundles of deploy/) does not delay readiness. Errors of those bundles
     * are reported by the core.
     */
    void finishStartLevels() {
        FrameworkStartLevel startLevel = framework.adapt(FrameworkStartLevel.class);
        if (startLevel.getStartLevel() < fullStartLevel) {
            startLevel.setStartLevel(fullStartLevel);
        }
    }

    /** @return the active bundles' count */
    int activeBundles() {
        int active = 0;
        for (Bundle bundle : framework.getBundleContext().getBundles()) {
            if (bundle.getState() == Bundle.ACTIVE) {
                active++;
            }
        }
        return active;
    }

    /** Blocks until the framework has stopped. @return the process exit code */
    int awaitStop() throws InterruptedException {
        FrameworkEvent event = framework.waitForStop(0);
        // From here on the code is the one the launcher announces and exits with; a later request
        // (the ladder's deadline an instant after the stop) is only logged.
        int code;
        synchronized (exitCode) {
            decided = true;
            code = exitCode.get();
        }
        if (event.getType() == FrameworkEvent.ERROR) {
            LOG.log(ERROR, "the framework stopped with an error", event.getThrowable());
            return code > 0 ? code : ExitCode.FAILURE.code();
        }
        return code < 0 ? ExitCode.OK.code() : code;
    }

    /** Stops the framework unless it is already stopping, waiting at most {@code millis}. */
    void stopIfRunning(long millis) {
        Framework f = framework;
        if (f == null || (f.getState() & (Bundle.ACTIVE | Bundle.STARTING)) == 0) {
            return;
        }
        try {
            f.stop();
            f.waitForStop(millis);
        } catch (BundleException e) {
            LOG.log(ERROR, "the framework failed to stop: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The first call stops the framework. Later calls can only raise the code (8 forced over 5 bad
     * configuration over 1 failure over 0): stopping the framework makes the shutdown ladder report
     * its own outcome too, which must not hide the reason the stop was asked for. The launcher's
     * signal handlers call it too ({@link LauncherSignals}), possibly before {@link #start()}.
     */
    void requestExit(int code) {
        if (!raiseExit(code)) {
            LOG.log(WARNING, "exit code {0} asked for after the framework had stopped: the exit code was decided already", code);
        }
    }

    /**
     * {@link #requestExit(int)} without the log line when it comes too late.
     *
     * @return whether the code counts: {@code false} once the framework has stopped and the exit
     *         code is decided
     */
    boolean raiseExit(int code) {
        int previous;
        synchronized (exitCode) {
            if (decided) {
                return false;
            }
            previous = exitCode.getAndAccumulate(code, Math::max);
        }
        if (previous < 0) {
            readyOrExit.countDown();
            Thread stopper = new Thread(() -> {
                try {
                    // Felix does not finish a stop that begins while its start levels are still rising.
                    started.await();
                    Framework f = framework;
                    if (f != null) {
                        f.stop();
                    }
                } catch (BundleException e) {
                    LOG.log(ERROR, "the framework failed to stop: " + e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "procdaemon-framework-stop");
            stopper.setDaemon(true);
            stopper.start();
        }
        return true;
    }

    /**
     * Installs what etc/startup.properties lists and is not installed yet, updates what changed on
     * disk, and uninstalls bundles from system/ that it no longer lists (a kept cache after an upgrade).
     */
    private void reconcile(BundleContext context) throws LaunchException {
        Map<String, Bundle> installed = new HashMap<>();
        for (Bundle bundle : context.getBundles()) {
            installed.put(bundle.getLocation(), bundle);
        }
        Set<String> wanted = new HashSet<>();
        for (StartupBundles.Entry entry : startup) {
            String location = entry.jar().toUri().toString();
            wanted.add(location);
            try {
                Bundle bundle = installed.get(location);
                if (bundle == null) {
                    bundle = context.installBundle(location);
                } else if (Files.getLastModifiedTime(entry.jar()).toMillis() > bundle.getLastModified()) {
                    LOG.log(INFO, "updating {0}: the file is newer than the installed bundle", home.show(entry.jar()));
                    bundle.update();
                }
                bundle.adapt(BundleStartLevel.class).setStartLevel(entry.startLevel());
                if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    bundle.start();
                }
            } catch (BundleException | IOException e) {
                throw new LaunchException(ExitCode.FAILURE, "cannot install " + home.show(entry.jar())
                        + " (etc/startup.properties line " + entry.line() + "): " + e.getMessage(), e);
            }
        }
        String systemPrefix = home.system().toUri().toString();
        List<Bundle> stale = new ArrayList<>();
        installed.forEach((location, bundle) -> {
            if (location.startsWith(systemPrefix) && !wanted.contains(location)) {
                stale.add(bundle);
            }
        });
        for (Bundle bundle : stale) {
            try {
                LOG.log(INFO, "uninstalling {0}: no longer listed in etc/startup.properties", bundle.getLocation());
                bundle.uninstall();
            } catch (BundleException e) {
                LOG.log(ERROR, "cannot uninstall " + bundle.getLocation() + ": " + e.getMessage(), e);
            }
        }
    }

    private boolean coreActive() {
        for (Bundle bundle : framework.getBundleContext().getBundles()) {
            if (CORE_BUNDLE.equals(bundle.getSymbolicName())) {
                return bundle.getState() == Bundle.ACTIVE;
            }
        }
        return false;
    }

    private String inactiveBundles() {
        List<String> names = new ArrayList<>();
        for (Bundle bundle : framework.getBundleContext().getBundles()) {
            if (bundle.getState() != Bundle.ACTIVE && bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                String location = bundle.getLocation();
                names.add(bundle.getSymbolicName() + " (" + location.substring(location.lastIndexOf('/') + 1) + ")");
            }
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /** Reports framework errors until the core bundle, which reports them from then on, is active. */
    private void logBootError(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.ERROR && !coreActive()) {
            Bundle bundle = event.getBundle();
            String name = bundle == null ? "the framework" : "bundle " + bundle.getSymbolicName() + " (" + bundle.getLocation() + ")";
            LOG.log(ERROR, name + ": " + (event.getThrowable() == null ? "error" : event.getThrowable().getMessage()),
                    event.getThrowable());
        }
    }
}
