package io.procdaemon.metrics;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Creates one subsystem's metrics (the Java form of the seed's {@code MetricsCollector}). Each call
 * with a name returns the same metric again; names follow Prometheus' rules
 * ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}, no reserved suffix such as {@code _bucket}).
 *
 * <p>Keep what these methods return and record through it: a recording costs tens of nanoseconds
 * (docs/metrics-study.md), looking a metric up again by name and labels costs more.
 */
@ProviderType
public interface MetricsCollector {

    /**
     * A counter: a count that only goes up.
     *
     * @param name the counter's name; {@code _total} is appended in the exposition if absent
     * @param help one line saying what it counts (the exposition's {@code # HELP})
     * @param labelNames further labels, whose values {@link Counter#labels(String...)} gives
     * @return the counter
     * @throws IllegalArgumentException for a name or label Prometheus refuses, the label
     *         {@value Metrics#SUBSYSTEM_LABEL}, or a name that exists with another type or labels
     */
    Counter counter(String name, String help, String... labelNames);

    /**
     * A gauge: a value that goes up and down.
     *
     * @param name the gauge's name, its unit last ({@code queue_depth}, {@code cache_bytes})
     * @param help one line saying what it measures
     * @param labelNames further labels, whose values {@link Gauge#labels(String...)} gives
     * @return the gauge
     * @throws IllegalArgumentException as {@link #counter(String, String, String...)}
     */
    Gauge gauge(String name, String help, String... labelNames);

    /**
     * A timer: a histogram of durations in seconds, with Prometheus' default buckets (5 ms to
     * 10 s); {@code _seconds} is appended to the name if absent.
     *
     * @param name the timer's name
     * @param help one line saying what it times
     * @param labelNames further labels, whose values {@link Timer#labels(String...)} gives
     * @return the timer
     * @throws IllegalArgumentException as {@link #counter(String, String, String...)}
     */
    Timer timer(String name, String help, String... labelNames);
}
