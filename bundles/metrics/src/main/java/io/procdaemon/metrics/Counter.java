package io.procdaemon.metrics;

import org.osgi.annotation.versioning.ProviderType;

/** A count that only goes up (it restarts from zero with the daemon). Thread-safe. */
@ProviderType
public interface Counter {

    /**
     * Adds one.
     *
     * @throws IllegalStateException if the counter has labels of its own: call
     *         {@link #labels(String...)} first
     */
    void inc();

    /**
     * Adds an amount.
     *
     * @param amount what to add; not negative
     * @throws IllegalArgumentException if {@code amount} is negative
     * @throws IllegalStateException as {@link #inc()}
     */
    void inc(double amount);

    /**
     * The counter of one combination of label values.
     *
     * @param values one value for each label name the counter was created with, in that order
     * @return the counter of those values; keep it to record without a look-up
     * @throws IllegalArgumentException if the number of values is wrong
     */
    Counter labels(String... values);
}
