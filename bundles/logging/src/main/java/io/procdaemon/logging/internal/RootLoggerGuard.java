package io.procdaemon.logging.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Keeps java.util.logging's root logger the daemon's: what a bundle's start does to it (handlers
 * added or removed, its level changed) is undone as soon as the start returns, and named once in
 * a WARNING. A logging library deployed as a bundle (Pax Logging's API bundle, for one) takes
 * java.util.logging over at its start: its handler in place of the daemon's console handler, its
 * level (DEBUG) on the root; after that every line of the daemon went through it, in its format.
 *
 * <p>A synchronous bundle listener: the root logger is looked at when a bundle is STARTING and
 * again when it is STARTED (or stopped, if its start failed), on the thread that starts it. A
 * change made later, from another thread, is not seen; the launcher's {@code DaemonLogManager}
 * refuses {@code LogManager.reset()} and re-reading the configuration at any time.
 * The starts of the daemon's own bundles (those of {@code system/}, and any named
 * {@code io.procdaemon.*}) are not watched: the core applies etc/daemon.toml's logging.level to the
 * root logger while it starts.
 */
final class RootLoggerGuard implements SynchronousBundleListener {

    private static final Logger LOG = Logger.getLogger("io.procdaemon.logging");
    /** Held: java.util.logging keeps loggers weakly. */
    private static final Logger ROOT = Logger.getLogger("");

    private record Snapshot(List<Handler> handlers, Level level) {
    }

    /** The daemon's own bundles, whose starts may set the level (the core applies logging.level). */
    static final String DAEMON_BUNDLES = "io.procdaemon.";

    private final long ownBundleId;
    private final String systemLocationPrefix;
    private final Map<Long, Snapshot> starting = new ConcurrentHashMap<>();

    /**
     * @param ownBundleId this bundle's id
     * @param systemLocationPrefix the location prefix of the bundles of {@code system/}, whose starts
     *        are trusted; {@code null} when not known (not under bin/proc-daemon)
     */
    RootLoggerGuard(long ownBundleId, String systemLocationPrefix) {
        this.ownBundleId = ownBundleId;
        this.systemLocationPrefix = systemLocationPrefix;
    }

    /** @return whether the bundle is the daemon's own: from system/, or named io.procdaemon.* */
    boolean trusted(Bundle bundle) {
        String name = bundle.getSymbolicName();
        return bundle.getBundleId() == 0 || bundle.getBundleId() == ownBundleId
                || (systemLocationPrefix != null && bundle.getLocation().startsWith(systemLocationPrefix))
                || (name != null && name.startsWith(DAEMON_BUNDLES));
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        if (trusted(bundle)) {
            return;
        }
        switch (event.getType()) {
            case BundleEvent.STARTING -> starting.put(bundle.getBundleId(), snapshot());
            case BundleEvent.STARTED, BundleEvent.STOPPED -> {
                Snapshot before = starting.remove(bundle.getBundleId());
                if (before != null) {
                    restore(bundle, before);
                }
            }
            default -> {
                // Only starts are watched.
            }
        }
    }

    private static Snapshot snapshot() {
        return new Snapshot(List.of(ROOT.getHandlers()), ROOT.getLevel());
    }

    private static void restore(Bundle bundle, Snapshot before) {
        List<String> undone = new ArrayList<>();
        List<Handler> now = Arrays.asList(ROOT.getHandlers());
        for (Handler handler : now) {
            if (!before.handlers().contains(handler)) {
                ROOT.removeHandler(handler);
                undone.add("handler " + handler.getClass().getName() + " added" + owner(handler));
            }
        }
        for (Handler handler : before.handlers()) {
            if (!now.contains(handler)) {
                ROOT.addHandler(handler);
                undone.add("handler " + handler.getClass().getName() + " removed");
            }
        }
        if (!Objects.equals(ROOT.getLevel(), before.level())) {
            undone.add("level set to " + ROOT.getLevel() + " (was " + before.level() + ")");
            ROOT.setLevel(before.level());
        }
        if (!undone.isEmpty()) {
            LOG.log(Level.WARNING, () -> "bundle " + bundle.getSymbolicName() + " " + bundle.getVersion() + " ["
                    + bundle.getBundleId() + "] changed java.util.logging's root logger while starting, undone: "
                    + String.join("; ", undone) + ". The daemon's log stays as etc/logging.properties and"
                    + " etc/daemon.toml say; log through any API the daemon carries (SLF4J, OSGi Log, Log4j API,"
                    + " Commons Logging, java.util.logging) instead of installing a logging implementation.");
        }
    }

    private static String owner(Handler handler) {
        Bundle owner = FrameworkUtil.getBundle(handler.getClass());
        return owner == null ? "" : " (from " + owner.getSymbolicName() + ")";
    }
}
