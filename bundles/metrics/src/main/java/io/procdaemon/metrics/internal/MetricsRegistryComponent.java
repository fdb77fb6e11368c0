package io.procdaemon.metrics.internal;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

import io.procdaemon.api.ShutdownCoordinator;
import io.procdaemon.api.ShutdownPhase;
import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.SubsystemListener;
import io.procdaemon.api.SubsystemState;
import io.procdaemon.api.Supervisor;
import io.procdaemon.metrics.Metrics;
import io.procdaemon.metrics.MetricsCollector;
import io.prometheus.metrics.config.MetricsProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
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
 * and maximum file descriptors, start time), the supervisor's metrics of every subsystem and the
 * shutdown phase ({@link SupervisorMetrics}), the states of the bundles of {@code deploy/}
 * ({@link DeployInstalls#states}), the daemon's counters ({@link DaemonCounters}: it is
 * the {@link SubsystemListener} and the EventAdmin handler that feed them) and the subsystems' own.
 *
 * <p>{@code monitoring.enable_metrics} of {@code etc/daemon.toml}, live. Off: nothing is exposed
 * ({@link #writeText} and {@link #write} refuse, saying so), the daemon's counters do not count,
 * and the JVM, process and supervisor metrics are not even registered if metrics have been off
 * since this bundle started (that registration is the registry's cost: ~100 ms of CPU and ~3 MiB,
 * docs/metrics-study.md). Subsystems' collectors keep working while off, so that their code need
 * not care, but nothing of theirs is exposed either. Turned on again, the counters go on from
 * where they stopped.
 */
@Component(service = {Metrics.class, Exposition.class, SubsystemListener.class, EventHandler.class}, immediate = true,
        configurationPid = "io.procdaemon.daemon", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {"event.topics=io/procdaemon/config/*", "event.topics=" + DaemonCounters.DEPLOY_REFUSED})
public final class MetricsRegistryComponent implements Metrics, Exposition, SubsystemListener, EventHandler {

    /**
     * The client's settings, fixed here instead of read by {@code PrometheusProperties.get()} from
     * a prometheus.properties file, system properties and the environment. No exemplars (the
     * daemon has no traces; each sampler would also start the client's scheduler thread,
     * prometheus-metrics-scheduler-1), classic histograms only (all the text format shows).
     */
    static final PrometheusProperties PROPERTIES = PrometheusProperties.builder()
            .defaultMetricsProperties(MetricsProperties.builder().exemplarsEnabled(false).histogramClassicOnly(true).build())
            .build();

    static final String ENABLE_KEY = "monitoring.enable_metrics";
    static final String OFF = "metrics are off: " + ENABLE_KEY + " = false in etc/daemon.toml (set it to true to"
            + " collect and expose them; it applies live)";

    private static final System.Logger LOG = System.getLogger("io.procdaemon.metrics");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Families families = new Families();
    private final Map<String, MetricsCollector> collectors = new ConcurrentHashMap<>();
    private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
    private final OpenMetricsTextFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
    private final Supervisor supervisor;
    private final Supplier<ShutdownPhase> phase;
    private final DaemonCounters counters;
    private final BundleContext context;
    private final DeployInstalls deployInstalls;
    private volatile boolean enabled;
    /** Whether the JVM's, the process's and the supervisor's metrics are registered (once, the first time on). */
    private boolean daemonMetricsRegistered;

    /**
     * @param context for FileInstall's folder (installs from deploy/ are counted)
     * @param configuration the daemon's ({@value #ENABLE_KEY}); empty before etc/daemon.toml is applied
     */
    @Activate
    public MetricsRegistryComponent(@Reference Supervisor supervisor, @Reference ShutdownCoordinator coordinator,
            BundleContext context, Map<String, Object> configuration) {
        this.supervisor = supervisor;
        this.phase = () -> coordinator.progress().phase();
        this.counters = new DaemonCounters(registry, families);
        this.context = context;
        this.deployInstalls = new DeployInstalls(context.getProperty("felix.fileinstall.dir"), this::bundleInstalled);
        apply(configuration);
        context.addBundleListener(deployInstalls);
    }

    /**
     * Outside OSGi (tests, benchmarks): no bundle events, so no installs from deploy/ are counted.
     *
     * @param phase the shutdown ladder's phase, read at each scrape
     * @param configuration as the daemon's ({@value #ENABLE_KEY})
     */
    public MetricsRegistryComponent(Supervisor supervisor, Supplier<ShutdownPhase> phase, Map<String, ?> configuration) {
        this.supervisor = supervisor;
        this.phase = phase;
        this.counters = new DaemonCounters(registry, families);
        this.context = null;
        this.deployInstalls = null;
        apply(configuration);
    }

    @Modified
    void modified(Map<String, Object> configuration) {
        apply(configuration);
    }

    @Deactivate
    void deactivate() {
        if (context != null) {
            context.removeBundleListener(deployInstalls);
        }
    }

    private synchronized void apply(Map<String, ?> configuration) {
        boolean on = !Boolean.FALSE.equals(configuration.get(ENABLE_KEY));
        if (on && !daemonMetricsRegistered) {
            registerDaemonMetrics();
        }
        if (on != enabled) {
            LOG.log(INFO, on ? "metrics: on (daemon:metrics, and GET /metrics where the http endpoint is on)"
                    : "metrics: off (" + ENABLE_KEY + " = false): nothing is collected or exposed");
        }
        enabled = on;
    }

    private void registerDaemonMetrics() {
        daemonMetricsRegistered = true;
        try {
            registerJvmMetrics(registry);
            SupervisorMetrics.register(registry, supervisor, phase);
            if (context != null) {
                GaugeWithCallback.builder(PROPERTIES).name("procdaemon_deploy_bundles")
                        .help("bundles from deploy/ by state: installed (does not resolve), resolved (not started),"
                                + " starting, active, stopping")
                        .labelNames("state").callback(callback -> deployInstalls.states(context.getBundles())
                                .forEach((state, count) -> callback.call(count, state)))
                        .register(registry);
            }
        } catch (IllegalArgumentException e) {
            // A subsystem's collector took one of these names while metrics were off.
            LOG.log(ERROR, () -> "metrics: some of the daemon's metrics are missing: " + e.getMessage());
        }
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
        write(text, out);
    }

    @Override
    public Optional<String> off() {
        return enabled ? Optional.empty() : Optional.of(OFF);
    }

    @Override
    public String contentType(String accept) {
        return writer(accept).getContentType();
    }

    @Override
    public void write(String accept, OutputStream out) throws IOException {
        write(writer(accept), out);
    }

    private ExpositionFormatWriter writer(String accept) {
        return accept != null && openMetrics.accepts(accept) ? openMetrics : text;
    }

    private void write(ExpositionFormatWriter writer, OutputStream out) throws IOException {
        if (!enabled) {
            throw new IllegalStateException(OFF);
        }
        writer.write(out, registry.scrape());
    }

    @Override
    public void stateChanged(SubsystemInfo subsystem, SubsystemState previous) {
        if (enabled && subsystem.state() == SubsystemState.FAILED && previous != SubsystemState.FAILED) {
            counters.subsystemFailed(subsystem.name());
        }
    }

    @Override
    public void handleEvent(Event event) {
        if (enabled) {
            counters.event(event);
        }
    }

    void bundleInstalled() {
        if (enabled) {
            counters.bundleInstalled();
        }
    }
}
