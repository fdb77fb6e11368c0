package io.procdaemon.runtime.client;

import java.util.function.BooleanSupplier;

import sun.misc.Signal;

/**
 * Ctrl-C in the client: the first one interrupts the command running in the daemon (the client
 * then prints its result and exits as usual); when no command runs, or at the second, the client
 * exits at once with 130, as shells report an interrupted program.
 */
final class Interrupts {

    private Interrupts() {
    }

    /** A command ended: the next Ctrl-C interrupts the next command again. */
    static void commandEnded() {
        ASKED.set(false);
    }

    /** Whether this command was asked to stop once already. */
    private static final java.util.concurrent.atomic.AtomicBoolean ASKED = new java.util.concurrent.atomic.AtomicBoolean();

    /** @param interrupt asks the daemon to interrupt; returns false when no command runs */
    static void onInterrupt(BooleanSupplier interrupt) {
        try {
            Signal.handle(new Signal("INT"), signal -> {
                if (ASKED.get() || !interrupt.getAsBoolean()) {
                    Runtime.getRuntime().halt(130);
                }
                ASKED.set(true);
            });
        } catch (IllegalArgumentException e) {
            // INT is ignored (a background job): nothing can interrupt us then anyway.
        }
    }
}
