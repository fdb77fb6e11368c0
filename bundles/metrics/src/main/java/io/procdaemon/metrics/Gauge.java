package io.procdaemon.metrics;

import org.osgi.annotation.versioning.ProviderType;

/** A value that goes up and down. Thread-safe. */
@ProviderType
public interface Gauge {

    /**
     * @param value the new value
     * @throws IllegalStateException if the gauge has labels of its own: call
     *         {@link #labels(String...)} first
     */
    void set(double value);

    /**
     * @param amount what to add; negative to subtract
     * @throws IllegalStateException as {@link #set(double)}
     */
    void inc(double amount);

    /**
     * @param values one value for each label name the gauge was created with, in that order
     * @return the gauge of those values
     * @throws IllegalArgumentException if the number of values is wrong
     */
    Gauge labels(String... values);
}
