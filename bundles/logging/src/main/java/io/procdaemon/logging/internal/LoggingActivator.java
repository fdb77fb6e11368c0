package io.procdaemon.logging.internal;

import java.util.Map;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.Logger;
import org.osgi.service.log.admin.LoggerAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Connects the OSGi Log service to the daemon's log: a {@link OsgiLogForwarder} on every
 * {@link LogReaderService}, and the root level of the Log service's {@link LoggerAdmin} set to what
 * java.util.logging's root logger lets through (the R7 default is WARN), so that bundles asking
 * {@code isInfoEnabled()} get the daemon's answer. A plain activator, not a DS component: this
 * bundle starts at level 2, before SCR, so that the bundles after it log here from their start.
 *
 * <p>A {@link RootLoggerGuard} undoes what a bundle's start does to java.util.logging's root logger.
 *
 * <p>SLF4J needs nothing at run time: its API and provider are embedded (see bnd.bnd), and the
 * first {@code LoggerFactory.getLogger} finds the provider on this bundle's class path.
 *
 * <p>Not yet: a level changed live in java.util.logging (etc/daemon.toml's logging.level) is not
 * carried into the LoggerAdmin; records below it are still dropped by java.util.logging.
 */
public final class LoggingActivator implements BundleActivator {

    private final OsgiLogForwarder forwarder = new OsgiLogForwarder();
    /** The home folder, a system property set by bin/proc-daemon. */
    static final String HOME_PROPERTY = "proc-daemon.home";

    private RootLoggerGuard guard;
    private ServiceTracker<LogReaderService, LogReaderService> readers;
    private ServiceTracker<LoggerAdmin, LoggerAdmin> admins;

    @Override
    public void start(BundleContext context) {
        String home = context.getProperty(HOME_PROPERTY);
        guard = new RootLoggerGuard(context.getBundle().getBundleId(),
                home == null ? null : java.nio.file.Path.of(home, "system").toUri().toString());
        context.addBundleListener(guard);
        readers = new ServiceTracker<>(context, LogReaderService.class, null) {
            @Override
            public LogReaderService addingService(ServiceReference<LogReaderService> reference) {
                LogReaderService reader = super.addingService(reference);
                if (reader != null) {
                    reader.addLogListener(forwarder);
                }
                return reader;
            }

            @Override
            public void removedService(ServiceReference<LogReaderService> reference, LogReaderService reader) {
                try {
                    reader.removeLogListener(forwarder);
                } catch (IllegalStateException e) {
                    // The Log service is already gone.
                }
                super.removedService(reference, reader);
            }
        };
        admins = new ServiceTracker<>(context, LoggerAdmin.class, null) {
            @Override
            public LoggerAdmin addingService(ServiceReference<LoggerAdmin> reference) {
                LoggerAdmin admin = super.addingService(reference);
                if (admin != null) {
                    java.util.logging.Level root = java.util.logging.Logger.getLogger("").getLevel();
                    admin.getLoggerContext(null).setLogLevels(
                            Map.of(Logger.ROOT_LOGGER_NAME, OsgiLogForwarder.osgiLevel(root)));
                }
                return admin;
            }
        };
        admins.open();
        readers.open();
    }

    @Override
    public void stop(BundleContext context) {
        readers.close();
        admins.close();
        context.removeBundleListener(guard);
    }
}
