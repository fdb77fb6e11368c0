package io.procdaemon.metrics;

import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

/** Durations, as a histogram in seconds. Thread-safe. */
@ProviderType
public interface Timer {

    /**
     * Records a duration given in nanoseconds.
     *
     * @param nanos a duration in nanoseconds, as two {@link System#nanoTime()} readings give it
     * @throws IllegalStateException if the timer has labels of its own: call
     *         {@link #labels(String...)} first
     */
    void recordNanos(long nanos);

    /**
     * Records a duration.
     *
     * @param duration a duration
     * @throws IllegalStateException as {@link #recordNanos(long)}
     */
    default void record(Duration duration) {
        recordNanos(duration.toNanos());
    }

    /**
     * The timer of one combination of label values.
     *
     * @param values one value for each label name the timer was created with, in that order
     * @return the timer of those values
     * @throws IllegalArgumentException if the number of values is wrong
     */
    Timer labels(String... values);
}
