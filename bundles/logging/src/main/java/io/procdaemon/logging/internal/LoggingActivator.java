package io.procdaemon.logging.internal;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.log.admin.LoggerAdmin;
import org.osgi.util.tracker.ServiceTracker;

import io.procdaemon.logging.LogLevels;

/**
 * Connects the OSGi Log service to the daemon's log: a {@link OsgiLogForwarder} on every
 * {@link LogReaderService}, and the daemon's levels, the {@link LogLevels} service
 * ({@link JulLogLevels}), which sets java.util.logging's loggers and the Log service's
 * {@link LoggerAdmin} together (the R7 default is WARN), so that bundles asking
 * {@code isInfoEnabled()} get the daemon's answer, now and after every change. A plain activator, not a DS component: this
 * bundle starts at level 2, before SCR, so that the bundles after it log here from their start.
 *
 * <p>A {@link RootLoggerGuard} undoes what a bundle's start does to java.util.logging's root logger.
 *
 * <p>SLF4J needs nothing at run time: its API and provider are embedded (see bnd.bnd), and the
 * first {@code LoggerFactory.getLogger} finds the provider on this bundle's class path.
 *
 * <p>A level set on java.util.logging directly (not through {@link LogLevels}) reaches the
 * LoggerAdmin only when one is registered next; records below it are dropped by
 * java.util.logging all the same.
 */
public final class LoggingActivator implements BundleActivator {

    private final OsgiLogForwarder forwarder = new OsgiLogForwarder();
    /** The home folder, a system property set by bin/proc-daemon. */
    static final String HOME_PROPERTY = "proc-daemon.home";

    private RootLoggerGuard guard;
    private ServiceTracker<LogReaderService, LogReaderService> readers;
    private ServiceTracker<LoggerAdmin, LoggerAdmin> admins;
    private final JulLogLevels levels = new JulLogLevels();

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
                    levels.mirrorInto(admin);
                }
                return admin;
            }

            @Override
            public void removedService(ServiceReference<LoggerAdmin> reference, LoggerAdmin admin) {
                levels.forget(admin);
                super.removedService(reference, admin);
            }
        };
        admins.open();
        readers.open();
        context.registerService(LogLevels.class, levels, null);
    }

    @Override
    public void stop(BundleContext context) {
        readers.close();
        admins.close();
        context.removeBundleListener(guard);
    }
}
