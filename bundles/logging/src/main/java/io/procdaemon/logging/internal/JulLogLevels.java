package io.procdaemon.logging.internal;

import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

import org.osgi.service.log.LogLevel;
import org.osgi.service.log.admin.LoggerAdmin;
import org.osgi.service.log.admin.LoggerContext;

import io.procdaemon.logging.LogLevels;

/**
 * {@link LogLevels} over java.util.logging, mirrored into the OSGi Log service's root
 * {@link LoggerContext} (Felix Log 1.3, R7), whose levels decide what R7 {@code Logger}s of every
 * bundle let through ({@code isDebugEnabled()}) and so what reaches {@link OsgiLogForwarder}.
 *
 * <p>java.util.logging holds loggers weakly: a logger given a level is held here, or its level
 * would vanish with it. The LoggerAdmin may come and go (Felix Log is a bundle); when one comes,
 * {@link #mirrorInto(LoggerAdmin)} copies every level into it.
 */
final class JulLogLevels implements LogLevels {

    /** Loggers with a level set here, held strongly. */
    private final Map<String, Logger> held = new ConcurrentHashMap<>();
    private volatile LoggerAdmin admin;

    @Override
    public synchronized void set(String logger, String level) {
        String name = julName(logger);
        Level julLevel = level(level);
        if (julLevel == null && name.isEmpty()) {
            throw new IllegalArgumentException("the root logger has no parent to follow: give it one of trace, debug,"
                    + " info, warn, error, off (not '" + level + "')");
        }
        Logger target = Logger.getLogger(name);
        target.setLevel(julLevel);
        if (julLevel == null) {
            held.remove(name);
        } else {
            held.put(name, target);
        }
        LoggerAdmin current = admin;
        if (current != null) {
            LoggerContext context = current.getLoggerContext(null);
            Map<String, LogLevel> levels = new HashMap<>(context.getLogLevels());
            String osgiName = name.isEmpty() ? ROOT : name;
            if (julLevel == null) {
                levels.remove(osgiName);
            } else {
                levels.put(osgiName, OsgiLogForwarder.osgiLevel(julLevel));
            }
            context.setLogLevels(levels);
        }
    }

    @Override
    public String effective(String logger) {
        for (Logger at = Logger.getLogger(julName(logger)); at != null; at = at.getParent()) {
            if (at.getLevel() != null) {
                return name(at.getLevel());
            }
        }
        return "info";
    }

    @Override
    public SortedMap<String, String> levels() {
        SortedMap<String, String> levels = new TreeMap<>(Comparator.comparing((String n) -> !n.equals(ROOT))
                .thenComparing(Comparator.naturalOrder()));
        Enumeration<String> names = LogManager.getLogManager().getLoggerNames();
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            Logger logger = LogManager.getLogManager().getLogger(name);
            if (logger != null && logger.getLevel() != null) {
                levels.put(name.isEmpty() ? ROOT : name, name(logger.getLevel()));
            }
        }
        return levels;
    }

    /** Copies every level set in java.util.logging into {@code loggerAdmin}'s root context, and follows it from now on. */
    synchronized void mirrorInto(LoggerAdmin loggerAdmin) {
        admin = loggerAdmin;
        if (loggerAdmin == null) {
            return;
        }
        Map<String, LogLevel> levels = new HashMap<>();
        levels().forEach((name, level) -> levels.put(name, OsgiLogForwarder.osgiLevel(level(level))));
        loggerAdmin.getLoggerContext(null).setLogLevels(levels);
    }

    /** The LoggerAdmin is gone. */
    synchronized void forget(LoggerAdmin loggerAdmin) {
        if (admin == loggerAdmin) {
            admin = null;
        }
    }

    private static String julName(String logger) {
        String name = logger == null ? "" : logger.strip();
        return name.equalsIgnoreCase(ROOT) ? "" : name;
    }

    /**
     * @return the java.util.logging level of a name of {@link LogLevels#NAMES}, {@code null} for default
     * @throws IllegalArgumentException for any other name
     */
    static Level level(String name) {
        return switch (name == null ? "" : name.strip().toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.FINEST;
            case "debug" -> Level.FINE;
            case "info" -> Level.INFO;
            case "warn" -> Level.WARNING;
            case "error" -> Level.SEVERE;
            case "off" -> Level.OFF;
            case "default" -> null;
            default -> throw new IllegalArgumentException("unknown level '" + name + "'; valid: "
                    + String.join(", ", NAMES));
        };
    }

    /** @return the daemon's name of a java.util.logging level: the next finer name for one in between */
    static String name(Level level) {
        int value = level.intValue();
        if (value == Level.OFF.intValue()) {
            return "off";
        } else if (value >= Level.SEVERE.intValue()) {
            return "error";
        } else if (value >= Level.WARNING.intValue()) {
            return "warn";
        } else if (value >= Level.INFO.intValue()) {
            return "info";
        } else if (value >= Level.FINE.intValue()) {
            return "debug";
        }
        return "trace";
    }
}
