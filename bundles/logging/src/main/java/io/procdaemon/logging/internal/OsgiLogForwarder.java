package io.procdaemon.logging.internal;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.osgi.framework.Bundle;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;

/**
 * Writes the OSGi Log service's entries to java.util.logging, so that what bundles log through
 * {@code LogService} or R7 {@code Logger}s (FileInstall, SCR, ConfigAdmin, Metatype, yours) lands
 * in the daemon's log in its format, filtered by its levels.
 *
 * <p>The java.util.logging logger is the entry's logger name, except for entries of the
 * deprecated {@code LogService.log} methods, which Felix Log names {@code LogService} or {@code LogService.<bundle>}, and of
 * the root logger ({@code ROOT}, as SCR logs): those go to the logger named by the logging
 * bundle's symbolic name, so that FileInstall's errors read
 * {@code [org.apache.felix.fileinstall]}. The record keeps the entry's time and exception; the
 * bundle is named in the message when the logger name does not already say it, and carried with the
 * logging thread as fields of a {@link ForwardedRecord} (JSON lines show them).
 * Levels: AUDIT and ERROR become SEVERE, WARN WARNING, INFO INFO, DEBUG FINE, TRACE FINER.
 *
 * <p>Felix Log calls listeners on its own thread, in the order entries were logged.
 */
final class OsgiLogForwarder implements LogListener {

    /** The logger name Felix Log gives the entries of {@code LogService.log}. */
    static final String LOG_SERVICE_LOGGER = "LogService";
    /**
     * The prefix of the loggers the Log service records framework events under (OSGi Log 1.4,
     * 101.6: {@code Events.Bundle.<bsn>}, {@code Events.Service.<bsn>}, {@code Events.Framework}),
     * one INFO entry per bundle and service event. Below WARN they are dropped: the core's bundle
     * reports say the same once, in the daemon's words.
     */
    static final String EVENTS_LOGGER = "Events.";
    /** The bundle whose shutdown race {@link #eventAdminClosing} recognises. */
    static final String EVENT_ADMIN = "org.apache.felix.eventadmin";
    /** The root logger's name, which some bundles (SCR) log under. */
    static final String ROOT_LOGGER = org.osgi.service.log.Logger.ROOT_LOGGER_NAME;

    @Override
    public void logged(LogEntry entry) {
        Bundle bundle = entry.getBundle();
        String bundleName = bundle == null ? null : bundle.getSymbolicName();
        String name = entry.getLoggerName();
        if (name == null || name.isEmpty() || name.equals(LOG_SERVICE_LOGGER)
                || name.startsWith(LOG_SERVICE_LOGGER + ".") || name.equals(ROOT_LOGGER)) {
            name = bundleName == null ? "osgi" : bundleName;
        }
        Level level = level(entry.getLogLevel());
        if (eventAdminClosing(bundleName, entry.getException())) {
            level = Level.FINE;
        }
        if (name.startsWith(EVENTS_LOGGER) && level.intValue() < Level.WARNING.intValue()) {
            return;
        }
        Logger logger = Logger.getLogger(name);
        if (!logger.isLoggable(level)) {
            return;
        }
        String message = entry.getMessage();
        if (bundleName != null && !name.startsWith(bundleName)) {
            message = "(" + bundleName + ") " + message;
        }
        LogRecord record = new ForwardedRecord(level, message, bundleName, entry.getThreadInfo());
        record.setInstant(Instant.ofEpochMilli(entry.getTime()));
        record.setLoggerName(name);
        record.setThrown(entry.getException());
        logger.log(record);
    }

    /**
     * Felix EventAdmin 1.6, stopping, removes its log adapter and then closes its thread pools,
     * but Felix Log's listener thread may still hand that adapter an entry logged just before:
     * EventAdmin then logs "EventAdmin: Exception: RejectedExecutionException" at WARN with its
     * stack, on a clean stop, about an event nobody can receive any more (Karaf removes the adapter
     * for this reason). Written at FINE: an operator's clean stop has no warning. (One such 1.8 KB
     * record made LogOutputProcessTest's rotated files exceed their 1.5 KB limit about once in 50
     * stops.) A pool refusing work is what a closed EventAdmin does, so nothing else is hidden.
     */
    static boolean eventAdminClosing(String bundleName, Throwable thrown) {
        return EVENT_ADMIN.equals(bundleName) && thrown instanceof java.util.concurrent.RejectedExecutionException;
    }

    static Level level(LogLevel level) {
        if (level == null) {
            return Level.INFO;
        }
        return switch (level) {
            case AUDIT, ERROR -> Level.SEVERE;
            case WARN -> Level.WARNING;
            case INFO -> Level.INFO;
            case DEBUG -> Level.FINE;
            case TRACE -> Level.FINER;
        };
    }

    /** @return the OSGi level that lets through what java.util.logging's {@code level} lets through */
    static LogLevel osgiLevel(Level level) {
        int value = level == null ? Level.INFO.intValue() : level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return LogLevel.ERROR;
        } else if (value >= Level.WARNING.intValue()) {
            return LogLevel.WARN;
        } else if (value >= Level.INFO.intValue()) {
            return LogLevel.INFO;
        } else if (value >= Level.FINE.intValue()) {
            return LogLevel.DEBUG;
        }
        return LogLevel.TRACE;
    }
}
