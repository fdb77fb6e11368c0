package io.procdaemon.metrics.internal;

import java.util.List;

import org.osgi.service.event.Event;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The daemon's counters of things that happen, as opposed to the states read at each scrape
 * ({@link SupervisorMetrics}): subsystem failures, configuration files applied and refused,
 * bundles installed from {@code deploy/} and files there refused. Each counts from the moment this
 * bundle starts (level 40, just after readiness) and only while metrics are on; what happened
 * during the boot (the first reading of {@code etc/}, FileInstall's first scan) is in the log.
 *
 * <p>The configuration bundle and the core tell what happened through EventAdmin, so that neither
 * depends on this bundle (which may be absent, and starts after them):
 * <ul>
 * <li>{@value #CONFIG_APPLIED}, {@value #CONFIG_REFUSED}: a file of {@code etc/} applied to
 *     ConfigAdmin (only when a value changed), or refused whole; property {@code file}
 *     ({@code etc/app.toml});
 * <li>{@value #DEPLOY_REFUSED}: an entry of {@code deploy/} that will not run; property
 *     {@code reason}, {@code not_a_bundle} or {@code directory}.
 * </ul>
 * Installs are counted from the framework's bundle events by {@link DeployInstalls}.
 */
final class DaemonCounters {

    static final String CONFIG_APPLIED = "io/procdaemon/config/APPLIED";
    static final String CONFIG_REFUSED = "io/procdaemon/config/REFUSED";
    static final String DEPLOY_REFUSED = "io/procdaemon/deploy/REFUSED";
    /** The EventAdmin topics this bundle counts, as its handler's {@code event.topics}. */
    static final String[] TOPICS = {"io/procdaemon/config/*", DEPLOY_REFUSED};

    private final Counter failures;
    private final Counter configApplies;
    private final Counter configRefusals;
    private final Counter deployInstalls;
    private final Counter deployFailures;

    /** Registers the counters, through the families so that no subsystem's collector can take a name. */
    DaemonCounters(PrometheusRegistry registry, Families families) {
        failures = counter(registry, families, "procdaemon_subsystem_failures",
                "runs of the subsystem that ended in FAILED (counted from the metrics bundle's start)", "subsystem");
        configApplies = counter(registry, families, "procdaemon_config_applies",
                "files of etc/ applied to their configuration with a changed value (counted from the metrics bundle's start)",
                "file");
        configRefusals = counter(registry, families, "procdaemon_config_refusals",
                "files of etc/ refused whole, the configuration in force left as it was (counted from the metrics bundle's start)",
                "file");
        deployInstalls = counter(registry, families, "procdaemon_deploy_installs",
                "bundles installed from deploy/ (counted from the metrics bundle's start)");
        deployFailures = counter(registry, families, "procdaemon_deploy_failures",
                "entries of deploy/ that will not run: not_a_bundle (a jar without a bundle manifest, or unreadable),"
                        + " directory (counted from the metrics bundle's start)", "reason");
    }

    private static Counter counter(PrometheusRegistry registry, Families families, String name, String help,
            String... labelNames) {
        return families.get(name, "counter", List.of(labelNames), () -> Counter.builder(MetricsRegistryComponent.PROPERTIES)
                .name(name).help(help).labelNames(labelNames).register(registry));
    }

    void subsystemFailed(String subsystem) {
        failures.labelValues(subsystem).inc();
    }

    void bundleInstalled() {
        deployInstalls.inc();
    }

    /** One event of {@link #TOPICS}; an event without the property it needs is not counted. */
    void event(Event event) {
        String topic = event.getTopic();
        if (topic.equals(CONFIG_APPLIED) || topic.equals(CONFIG_REFUSED)) {
            Object file = event.getProperty("file");
            if (file != null) {
                (topic.equals(CONFIG_APPLIED) ? configApplies : configRefusals).labelValues(file.toString()).inc();
            }
        } else if (topic.equals(DEPLOY_REFUSED)) {
            Object reason = event.getProperty("reason");
            if (reason != null) {
                deployFailures.labelValues(reason.toString()).inc();
            }
        }
    }
}
