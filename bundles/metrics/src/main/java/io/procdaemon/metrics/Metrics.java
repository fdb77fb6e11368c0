package io.procdaemon.metrics;

import java.io.IOException;
import java.io.OutputStream;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The daemon's metrics registry, an OSGi service of the metrics bundle. One registry for the whole
 * daemon: the JVM and process metrics, the supervisor's metrics of every subsystem, and what
 * subsystems record through their {@link MetricsCollector}.
 */
@ProviderType
public interface Metrics {

    /** The label every metric of a {@link #forSubsystem(String) subsystem's collector} carries. */
    String SUBSYSTEM_LABEL = "subsystem";

    /**
     * The collector of one subsystem: every metric it creates has the label
     * {@value #SUBSYSTEM_LABEL} set to {@code subsystem}, before the labels the author names. Two
     * subsystems asking for the same metric name share one metric (one family in the exposition),
     * told apart by that label; so the same name must be asked for with the same type and labels.
     *
     * @param subsystem the subsystem's name ({@code subsystem.name}); not empty
     * @return its collector; the same metrics whenever asked again
     * @throws IllegalArgumentException if {@code subsystem} is empty
     */
    MetricsCollector forSubsystem(String subsystem);

    /**
     * Writes every metric in the Prometheus text exposition format, version 0.0.4 (what
     * {@code promtool check metrics} and every Prometheus server read). Nothing is sampled between
     * scrapes: gauges of the JVM and of the supervisor are read now.
     *
     * @param out where to write; not closed
     * @throws IOException if writing fails
     * @throws IllegalStateException while {@code monitoring.enable_metrics = false} in
     *         {@code etc/daemon.toml}: nothing is exposed then (the message says so)
     */
    void writeText(OutputStream out) throws IOException;
}
