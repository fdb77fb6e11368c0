package io.procdaemon.metrics;

import org.osgi.annotation.versioning.ProviderType;

/** A value that goes up and down. Thread-safe. */
@ProviderType
public interface Gauge {

    /**
     * Sets the value.
     *
     * @param value the new value
     * @throws IllegalStateException if the gauge has labels of its own: call
     *         {@link #labels(String...)} first
     */
    void set(double value);

    /**
     * Adds to the value.
     *
     * @param amount what to add; negative to subtract
     * @throws IllegalStateException as {@link #set(double)}
     */
    void inc(double amount);

    /**
     * The gauge of one combination of label values.
     *
     * @param values one value for each label name the gauge was created with, in that order
     * @return the gauge of those values
     * @throws IllegalArgumentException if the number of values is wrong
     */
    Gauge labels(String... values);
}
