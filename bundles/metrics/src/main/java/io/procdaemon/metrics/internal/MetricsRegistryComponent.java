package io.procdaemon.metrics.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.SubsystemListener;
import io.procdaemon.api.SubsystemState;
import io.procdaemon.api.Supervisor;
import io.procdaemon.metrics.Metrics;
import io.procdaemon.metrics.MetricsCollector;
import io.prometheus.metrics.config.MetricsProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The {@link Metrics} service: one Prometheus registry with the client's JVM and process metrics
 * (memory and buffer pools, GC, threads, classes, compilation, runtime info, CPU time, RSS, open
 * and maximum file descriptors, start time), the supervisor's metrics of every subsystem
 * ({@link SupervisorMetrics}) and the subsystems' own. As a {@link SubsystemListener} it counts
 * failures ({@code procdaemon_subsystem_failures_total}), from the moment this bundle starts (level
 * 40, after readiness): a failure before that is not counted.
 */
@Component(service = {Metrics.class, SubsystemListener.class}, immediate = true)
public final class MetricsRegistryComponent implements Metrics, SubsystemListener {

    /**
     * The client's settings, fixed here instead of read by {@code PrometheusProperties.get()} from
     * a prometheus.properties file, system properties and the environment. No exemplars (the
     * daemon has no traces; each sampler would also start the client's scheduler thread,
     * prometheus-metrics-scheduler-1), classic histograms only (all the text format shows).
     */
    static final PrometheusProperties PROPERTIES = PrometheusProperties.builder()
            .defaultMetricsProperties(MetricsProperties.builder().exemplarsEnabled(false).histogramClassicOnly(true).build())
            .build();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Families families = new Families();
    private final Map<String, MetricsCollector> collectors = new ConcurrentHashMap<>();
    private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
    private final io.prometheus.metrics.core.metrics.Counter failures;

    /** @param supervisor whose subsystems are reported */
    @Activate
    public MetricsRegistryComponent(@Reference Supervisor supervisor) {
        registerJvmMetrics(registry);
        SupervisorMetrics.register(registry, supervisor);
        // Through the families, so that no collector can create another metric of this name.
        failures = families.get("procdaemon_subsystem_failures", "counter", List.of(SUBSYSTEM_LABEL),
                () -> io.prometheus.metrics.core.metrics.Counter.builder(PROPERTIES).name("procdaemon_subsystem_failures")
                        .help("runs of the subsystem that ended in FAILED (counted from the metrics bundle's start)")
                        .labelNames(SUBSYSTEM_LABEL).register(registry));
    }

    /**
     * The client's JvmMetrics less two collectors. JvmNativeMemoryMetrics asks the DiagnosticCommand
     * MBean, which starts the platform MBean server (~500 classes, about half of the registry's first
     * cost: docs/metrics-study.md), and reports nothing unless the JVM runs with
     * -XX:NativeMemoryTracking. JvmMemoryPoolAllocationMetrics (allocated bytes per pool) builds its
     * counter without the properties it is given (client 1.10.0), so with exemplars on, and its
     * first increment after a GC starts the client's scheduler thread.
     */
    private static void registerJvmMetrics(PrometheusRegistry registry) {
        JvmThreadsMetrics.builder(PROPERTIES).register(registry);
        JvmBufferPoolMetrics.builder(PROPERTIES).register(registry);
        JvmClassLoadingMetrics.builder(PROPERTIES).register(registry);
        JvmCompilationMetrics.builder(PROPERTIES).register(registry);
        JvmGarbageCollectorMetrics.builder(PROPERTIES).register(registry);
        JvmMemoryMetrics.builder(PROPERTIES).register(registry);
        JvmRuntimeInfoMetric.builder(PROPERTIES).register(registry);
        ProcessMetrics.builder(PROPERTIES).register(registry);
    }

    @Override
    public MetricsCollector forSubsystem(String subsystem) {
        if (subsystem == null || subsystem.isEmpty()) {
            throw new IllegalArgumentException("a subsystem's metrics need its name; got '" + subsystem + "'");
        }
        return collectors.computeIfAbsent(subsystem, name -> new SubsystemCollector(registry, families, name));
    }

    @Override
    public void writeText(OutputStream out) throws IOException {
        text.write(out, registry.scrape());
    }

    @Override
    public void stateChanged(SubsystemInfo subsystem, SubsystemState previous) {
        if (subsystem.state() == SubsystemState.FAILED && previous != SubsystemState.FAILED) {
            failures.labelValues(subsystem.name()).inc();
        }
    }
}
