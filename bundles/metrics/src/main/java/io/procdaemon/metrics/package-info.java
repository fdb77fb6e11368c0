/**
 * Metrics for subsystem authors and for the daemon itself (issue 11; prototype): the
 * {@link io.procdaemon.metrics.Metrics} service hands each subsystem a
 * {@link io.procdaemon.metrics.MetricsCollector} whose counters, gauges and timers carry its name
 * as the label {@code subsystem}, and renders every metric in the Prometheus text format
 * ({@code daemon:metrics}).
 *
 * <p>Versioned by semantic versioning of this package; every interface here is implemented by the
 * container ({@code @ProviderType}). Not yet part of the daemon's API bundle: 0.x while the
 * prototype is reviewed.
 */
@Export
@Version("0.1.0")
package io.procdaemon.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
