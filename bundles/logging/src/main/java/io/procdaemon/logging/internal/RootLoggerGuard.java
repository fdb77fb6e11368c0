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
 * The daemon's own level changes (etc/daemon.toml's logging.level) happen outside bundle starts.
 */
final class RootLoggerGuard implements SynchronousBundleListener {

    private static final Logger LOG = Logger.getLogger("io.procdaemon.logging");
    /** Held: java.util.logging keeps loggers weakly. */
    private static final Logger ROOT = Logger.getLogger("");

    private record Snapshot(List<Handler> handlers, Level level) {
    }

    private final long ownBundleId;
    private final Map<Long, Snapshot> starting = new ConcurrentHashMap<>();

    RootLoggerGuard(long ownBundleId) {
        this.ownBundleId = ownBundleId;
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        if (bundle.getBundleId() == ownBundleId || bundle.getBundleId() == 0) {
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
