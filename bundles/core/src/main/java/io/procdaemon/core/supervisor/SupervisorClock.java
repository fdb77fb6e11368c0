package io.procdaemon.core.supervisor;

import java.time.Instant;

/**
 * The supervisor's time: monotonic nanoseconds for durations and deadlines, wall-clock instants for
 * what it reports. Injected, so the state machine's tests run on a clock they move themselves.
 */
interface SupervisorClock {

    SupervisorClock SYSTEM = new SupervisorClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }
    };

    /** @return as {@link System#nanoTime()} */
    long nanoTime();

    /** @return the wall-clock time, for reports */
    Instant now();
}
