package io.procdaemon.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * The daemon's {@link LogManager}: the JDK's, except that
 * <ul>
 * <li>it keeps its handlers while the JVM exits. The JDK's own shutdown hook resets logging,
 *     which closes every handler, so anything logged afterwards is lost: the shutdown ladder's
 *     report that the kill deadline has passed, and whatever other shutdown hooks log;</li>
 * <li>once {@link #seal() sealed} by the launcher, nobody resets or re-reads the configuration:
 *     {@code reset()}, {@code readConfiguration} and {@code updateConfiguration} are refused, and
 *     the first refusal per calling class is logged as a WARNING naming it. A logging library
 *     deployed as a bundle (Pax Logging's API bundle, for one) resets java.util.logging at its
 *     start to put its own handler in; that removed the daemon's console handler, and every line
 *     of the daemon went through the newcomer, in its format, or nowhere. Handlers and levels set
 *     on the root logger by a bundle's start are undone by proc-daemon-logging.</li>
 * </ul>
 * bin/proc-daemon selects it with
 * {@code -Djava.util.logging.manager=io.procdaemon.runtime.DaemonLogManager}; the process ending
 * closes the handlers' streams anyway.
 */
public final class DaemonLogManager extends LogManager {

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private volatile boolean sealed;
    private final Set<String> refusedCallers = ConcurrentHashMap.newKeySet();

    /** Called by the JDK when the JVM starts logging; public for that reason. */
    public DaemonLogManager() {
        super();
    }

    /**
     * Seals the configuration read from etc/logging.properties (see the class comment), if the
     * JVM's log manager is this class; otherwise (run without bin/proc-daemon) does nothing.
     */
    static void sealIfInstalled() {
        if (LogManager.getLogManager() instanceof DaemonLogManager manager) {
            manager.sealed = true;
        }
    }

    @Override
    public void reset() {
        // The JDK's shutdown hook is a thread of class LogManager$Cleaner; only that call is skipped.
        if (Thread.currentThread().getClass().getName().startsWith(LogManager.class.getName() + "$")) {
            return;
        }
        if (refused("reset()")) {
            return;
        }
        super.reset();
    }

    @Override
    public void readConfiguration() throws IOException {
        if (!refused("readConfiguration()")) {
            super.readConfiguration();
        }
    }

    @Override
    public void readConfiguration(InputStream ins) throws IOException {
        if (!refused("readConfiguration(InputStream)")) {
            super.readConfiguration(ins);
        }
    }

    @Override
    public void updateConfiguration(Function<String, java.util.function.BiFunction<String, String, String>> mapper)
            throws IOException {
        if (!refused("updateConfiguration(mapper)")) {
            super.updateConfiguration(mapper);
        }
    }

    @Override
    public void updateConfiguration(InputStream ins, Function<String, java.util.function.BiFunction<String, String, String>> mapper)
            throws IOException {
        if (!refused("updateConfiguration(InputStream, mapper)")) {
            super.updateConfiguration(ins, mapper);
        }
    }

    /** @return whether the call is refused (sealed); the first refusal per caller is logged */
    private boolean refused(String what) {
        if (!sealed) {
            return false;
        }
        String caller = WALKER.walk(frames -> frames
                .map(StackWalker.StackFrame::getDeclaringClass)
                .filter(c -> !LogManager.class.isAssignableFrom(c))
                .findFirst().map(Class::getName).orElse("(unknown)"));
        if (refusedCallers.add(caller)) {
            Logger.getLogger("io.procdaemon.launcher").log(Level.WARNING, "java.util.logging " + what + " by " + caller
                    + " refused: the daemon's log configuration (etc/logging.properties) stays in force");
        }
        return true;
    }
}
