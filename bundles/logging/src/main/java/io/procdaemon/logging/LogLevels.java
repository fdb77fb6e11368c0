package io.procdaemon.logging;

import java.util.List;
import java.util.SortedMap;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The levels of the daemon's loggers, by name, in the daemon's words: {@code trace}, {@code debug},
 * {@code info}, {@code warn}, {@code error}, {@code off}, and {@code default} (no level of its
 * own: the logger follows its parent). A level applies to the logger and the loggers below it
 * ({@code org.acme} covers {@code org.acme.db.Pool}) that have none of their own, at once, for
 * every logging API: java.util.logging's logger and the OSGi Log service's {@code LoggerAdmin}
 * are set together.
 *
 * <p>Names map to java.util.logging as trace FINEST, debug FINE, info INFO, warn WARNING, error
 * SEVERE; a java.util.logging level in between is named by the next finer of these (CONFIG is
 * debug, FINER is trace).
 */
@ProviderType
public interface LogLevels {

    /** The root logger's name, as the OSGi Log service names it (java.util.logging's is {@code ""}). */
    String ROOT = "ROOT";

    /** The level names, finest first, then {@code off} and {@code default}. */
    List<String> NAMES = List.of("trace", "debug", "info", "warn", "error", "off", "default");

    /**
     * @param logger a logger's name, or {@link #ROOT} (also {@code ""})
     * @param level one of {@link #NAMES}, any case; {@code default} is refused for the root, which
     *        has no parent
     * @throws IllegalArgumentException naming the level, or the logger, and what is valid
     */
    void set(String logger, String level);

    /**
     * @param logger a logger's name, or {@link #ROOT}
     * @return the level it logs at: its own, or the nearest ancestor's
     */
    String effective(String logger);

    /** @return every logger with a level of its own, and that level, by name (the root first, as {@link #ROOT}) */
    SortedMap<String, String> levels();
}
