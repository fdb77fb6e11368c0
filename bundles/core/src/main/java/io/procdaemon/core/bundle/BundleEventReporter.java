package io.procdaemon.core.bundle;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

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
 * Reports bundles' lives in the log, by name, so an operator sees what a drop into {@code deploy/}
 * did, and framework errors (a bundle that fails to resolve or start) with the bundle they concern.
 */
@Component(service = {}, immediate = true)
public final class BundleEventReporter implements BundleListener, FrameworkListener {

    private static final System.Logger LOG = System.getLogger("io.procdaemon.bundles");

    private final BundleContext context;

    /** @param context the core bundle's context */
    @Activate
    public BundleEventReporter(BundleContext context) {
        this.context = context;
        context.addBundleListener(this);
        context.addFrameworkListener(this);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
        context.removeFrameworkListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        String what = switch (event.getType()) {
            case BundleEvent.INSTALLED -> "installed";
            case BundleEvent.UPDATED -> "updated";
            case BundleEvent.STARTED -> "started";
            case BundleEvent.STOPPED -> "stopped";
            case BundleEvent.UNINSTALLED -> "uninstalled";
            default -> null;
        };
        if (what != null) {
            LOG.log(INFO, "bundle {0}: {1}", what, describe(event.getBundle()));
        }
    }

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.ERROR) {
            LOG.log(ERROR, "bundle " + describe(event.getBundle()) + ": " + message(event.getThrowable()),
                    event.getThrowable());
        } else if (event.getType() == FrameworkEvent.WARNING) {
            LOG.log(WARNING, "bundle " + describe(event.getBundle()) + ": " + message(event.getThrowable()));
        }
    }

    /** @return {@code name version [id] (location)} */
    public static String describe(Bundle bundle) {
        if (bundle == null) {
            return "(unknown)";
        }
        String name = bundle.getSymbolicName() == null ? "(no symbolic name)" : bundle.getSymbolicName();
        return name + " " + bundle.getVersion() + " [" + bundle.getBundleId() + "] (" + bundle.getLocation() + ")";
    }

    private static String message(Throwable throwable) {
        return throwable == null ? "no details" : String.valueOf(throwable.getMessage());
    }
}
