package io.procdaemon.runtime.logging;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;

import org.osgi.framework.BundleContext;

/**
 * The daemon's log as services of the system bundle, each of a JDK type and marked by a property,
 * so that no class of the launcher crosses the framework boundary (as the exit service):
 *
 * <table>
 * <caption>Services</caption>
 * <tr><th>type</th><th>property</th><th>used by</th><th>does</th></tr>
 * <tr><td>{@code Consumer<Map<String, ?>>}</td><td>{@value #SETTINGS}</td><td>the core
 *     ({@code LogLevelComponent})</td><td>applies the daemon's configuration's {@code logging.*} keys</td></tr>
 * <tr><td>{@code IntFunction<List<String>>}</td><td>{@value #RECENT}</td><td>{@code log:display}</td>
 *     <td>the last N records, as text lines</td></tr>
 * <tr><td>{@code Function<Consumer<String>, AutoCloseable>}</td><td>{@value #FOLLOW}</td>
 *     <td>{@code log:tail}</td><td>every new line, as text, until closed</td></tr>
 * </table>
 */
public final class LogServices {

    /** Marks the settings service. */
    public static final String SETTINGS = "io.procdaemon.log.settings";
    /** Marks the service of recent lines. */
    public static final String RECENT = "io.procdaemon.log.recent";
    /** Marks the service that follows the log. */
    public static final String FOLLOW = "io.procdaemon.log.follow";

    private LogServices() {
    }

    /** Registers the three services of {@code log} in the system bundle's {@code context}. */
    public static void register(BundleContext context, DaemonLogHandler log) {
        context.registerService(Consumer.class, log, marked(SETTINGS));
        IntFunction<List<String>> recent = log::recent;
        context.registerService(IntFunction.class, recent, marked(RECENT));
        Function<Consumer<String>, AutoCloseable> follow = log::follow;
        context.registerService(Function.class, follow, marked(FOLLOW));
    }

    private static Hashtable<String, Object> marked(String property) {
        return new Hashtable<>(Map.of(property, Boolean.TRUE));
    }
}
