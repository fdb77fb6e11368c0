package io.procdaemon.api;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives a Unix signal delivered to the daemon; see {@link SignalService#subscribe}. */
@ConsumerType
@FunctionalInterface
public interface SignalListener {

    /**
     * Called on the signal service's dispatch thread, never on the JVM's signal thread; keep it short.
     *
     * @param name the signal's name without {@code SIG}, for example {@code HUP}
     * @param number the signal's number, for example 1
     */
    void signalReceived(String name, int number);
}
