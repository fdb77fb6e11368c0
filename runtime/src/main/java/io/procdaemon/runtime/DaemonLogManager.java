package io.procdaemon.runtime;

import java.util.logging.LogManager;

/**
 * The daemon's {@link LogManager}: the JDK's, except that it keeps its handlers while the JVM
 * exits. The JDK's own shutdown hook resets logging, which closes every handler, so anything
 * logged afterwards is lost: the shutdown ladder's report that the kill deadline has passed, and
 * whatever other shutdown hooks log. bin/proc-daemon selects it with
 * {@code -Djava.util.logging.manager=io.procdaemon.runtime.DaemonLogManager}; the process ending
 * closes the handlers' streams anyway.
 */
public final class DaemonLogManager extends LogManager {

    /** Called by the JDK when the JVM starts logging; public for that reason. */
    public DaemonLogManager() {
        super();
    }

    @Override
    public void reset() {
        // The JDK's shutdown hook is a thread of class LogManager$Cleaner; only that call is skipped.
        if (Thread.currentThread().getClass().getName().startsWith(LogManager.class.getName() + "$")) {
            return;
        }
        super.reset();
    }
}
