package io.procdaemon.core.bundle;

import static java.lang.System.Logger.Level.INFO;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Says in the log, one line per change in deploy/ that refreshed bundles, which change it was and
 * which bundles it restarted:
 * {@code deploy: refresh after update of com.example.lib 1.0.1 restarted: com.example.lib 1.0.1,
 * com.example.app 2.0.0}. The line is read from what happened ({@link RefreshWindow}), not from
 * what should have, so it stays right whatever FileInstall's refresh scope.
 *
 * <p>The line is written after the refresh (the first, when Felix and FileInstall both refresh),
 * once every bundle the change stopped has started again or failed to. FileInstall starts an
 * updated bundle only after its refresh, and a start of its that fails gives no event: so the line
 * is written at the latest {@link #SETTLE_BOUND} after the refresh, naming what is not active by
 * then. Events arrive on the framework's one event thread, the bound on a thread of this
 * component; a lock serialises them.
 */
@Component(service = {}, immediate = true)
public final class RefreshReporter implements BundleListener, FrameworkListener {

    /** How long after a refresh the line waits for bundles to start again. */
    static final Duration SETTLE_BOUND = Duration.ofSeconds(10);

    private static final System.Logger LOG = System.getLogger("io.procdaemon.bundles");

    private final BundleContext context;
    private final RefreshWindow window = new RefreshWindow();
    private final ScheduledThreadPoolExecutor settleTimer;
    /** Whether the change being watched has been refreshed yet: before, nothing is worth a line. */
    private boolean refreshed;
    private ScheduledFuture<?> bound;

    /** @param context the core bundle's context */
    @Activate
    public RefreshReporter(BundleContext context) {
        this.context = context;
        // The thread exists only while a line waits (after an update, until the bundle starts).
        settleTimer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "procdaemon-refresh-report");
            thread.setDaemon(true);
            return thread;
        });
        settleTimer.setKeepAliveTime(1, TimeUnit.SECONDS);
        settleTimer.allowCoreThreadTimeOut(true);
        settleTimer.setRemoveOnCancelPolicy(true);
        context.addBundleListener(this);
        context.addFrameworkListener(this);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
        context.removeFrameworkListener(this);
        settleTimer.shutdownNow();
    }

    @Override
    public synchronized void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        window.bundleEvent(event.getType(), bundle.getBundleId(), label(bundle));
        writeIfSettled();
    }

    @Override
    public synchronized void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.ERROR && event.getBundle() != null) {
            window.frameworkError(event.getBundle().getBundleId());
            writeIfSettled();
        } else if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
            refreshed = true;
            if (window.report() == null) {
                reset();    // nothing worth a line: new bundles only, or a refresh without a change
            } else if (!writeIfSettled() && bound == null) {
                bound = settleTimer.schedule(this::boundReached, SETTLE_BOUND.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private synchronized void boundReached() {
        bound = null;
        RefreshReport report = refreshed ? window.report() : null;
        if (report != null) {
            write(report);
        } else {
            reset();
        }
    }

    /** @return whether a line was written: a refresh happened and every bundle it stopped is back or failed */
    private boolean writeIfSettled() {
        RefreshReport report = refreshed ? window.report() : null;
        if (report == null || !report.settled()) {
            return false;
        }
        write(report);
        return true;
    }

    private void write(RefreshReport report) {
        LOG.log(INFO, report.line());
        reset();
    }

    private void reset() {
        window.clear();
        refreshed = false;
        if (bound != null) {
            bound.cancel(false);
            bound = null;
        }
    }

    /** @return {@code name version}, as the report names a bundle */
    static String label(Bundle bundle) {
        String name = bundle.getSymbolicName() == null ? "(no symbolic name) [" + bundle.getBundleId() + "]"
                : bundle.getSymbolicName();
        return name + " " + bundle.getVersion();
    }
}
