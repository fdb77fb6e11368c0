package io.procdaemon.probe.micrometer;

import static java.lang.System.Logger.Level.INFO;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Study instrument (issue 11, docs/metrics-study.md): at bundle start, a Micrometer Prometheus
 * registry with the JVM and process binders of micrometer-core, one labelled counter, and a gauge
 * of the resident set (micrometer-core has no binder for it); {@code probe:metrics} prints the
 * Prometheus text. Logs how long the start took.
 */
public final class MicrometerProbe implements BundleActivator {

    private static final System.Logger LOG = System.getLogger("io.procdaemon.probe");

    private JvmGcMetrics gc;

    @Override
    public void start(BundleContext context) {
        long begin = System.nanoTime();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmCompilationMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("process.resident.memory", MicrometerProbe::residentBytes).baseUnit("bytes")
                .description("resident set size, from /proc/self/statm").register(registry);
        io.micrometer.core.instrument.Counter.builder("procdaemon.probe.starts").description("starts of the probe")
                .tag("library", "micrometer").register(registry).increment();
        long millis = (System.nanoTime() - begin) / 1_000_000;
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("osgi.command.scope", "probe");
        properties.put("osgi.command.function", "metrics");
        context.registerService(Commands.class, new Commands(registry), properties);
        LOG.log(INFO, "metrics probe (micrometer): registry and JVM metrics in {0} ms", millis);
    }

    @Override
    public void stop(BundleContext context) {
        if (gc != null) {
            gc.close();
        }
    }

    static double residentBytes() {
        try {
            String[] fields = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
            return Double.parseDouble(fields[1]) * 4096;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The probe's Gogo command. */
    public static final class Commands {
        private final PrometheusMeterRegistry registry;

        Commands(PrometheusMeterRegistry registry) {
            this.registry = registry;
        }

        /** @return the Prometheus text exposition of the registry */
        public String metrics() {
            return registry.scrape();
        }
    }
}
