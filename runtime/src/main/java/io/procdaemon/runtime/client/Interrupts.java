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

    /** @param interrupt asks the daemon to interrupt; returns false when no command runs */
    static void onInterrupt(BooleanSupplier interrupt) {
        boolean[] asked = new boolean[1];
        try {
            Signal.handle(new Signal("INT"), signal -> {
                if (asked[0] || !interrupt.getAsBoolean()) {
                    Runtime.getRuntime().halt(130);
                }
                asked[0] = true;
            });
        } catch (IllegalArgumentException e) {
            // INT is ignored (a background job): nothing can interrupt us then anyway.
        }
    }
}
