package io.procdaemon.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

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
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryPoolAllocationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What a metrics library costs the first time, in a fresh JVM (issue 11, docs/metrics-study.md):
 * creating a registry with the library's JVM and process metrics (as the probe bundles do; for the
 * Prometheus client also without its native-memory metrics, {@code prometheus-lean}), then
 * the first scrape into Prometheus text, each as wall time and as classes loaded. The class counts
 * do not depend on the machine's load; the times do. One line per run:
 * {@code library registerMs registerClasses scrapeMs scrapeClasses bytes}.
 *
 * <pre>
 * for i in 1 2 3 4 5 6 7 8 9 10; do for lib in micrometer prometheus prometheus-lean; do
 *   java -cp benchmarks/target/benchmarks.jar io.procdaemon.benchmarks.MetricsFirstUse $lib; done; done
 * </pre>
 */
public final class MetricsFirstUse {

    private MetricsFirstUse() {
    }

    public static void main(String[] args) throws IOException {
        String library = args.length == 1 ? args[0] : "";
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        long classesBefore = classes.getTotalLoadedClassCount();
        long begin = System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        Runnable scrape;
        switch (library) {
            case "micrometer" -> {
                PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                new ClassLoaderMetrics().bindTo(registry);
                new JvmMemoryMetrics().bindTo(registry);
                new JvmGcMetrics().bindTo(registry);
                new JvmThreadMetrics().bindTo(registry);
                new JvmCompilationMetrics().bindTo(registry);
                new JvmInfoMetrics().bindTo(registry);
                new ProcessorMetrics().bindTo(registry);
                new FileDescriptorMetrics().bindTo(registry);
                new UptimeMetrics().bindTo(registry);
                scrape = () -> {
                    try {
                        registry.scrape(out);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                };
            }
            case "prometheus" -> {
                PrometheusRegistry registry = new PrometheusRegistry();
                JvmMetrics.builder().register(registry);
                scrape = () -> {
                    try {
                        PrometheusTextFormatWriter.create().write(out, registry.scrape());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                };
            }
            case "prometheus-lean" -> {
                // JvmMetrics without JvmNativeMemoryMetrics, which asks the DiagnosticCommand MBean
                // (starting the platform MBean server: ~500 classes) and reports nothing unless the
                // JVM runs with -XX:NativeMemoryTracking.
                PrometheusRegistry registry = new PrometheusRegistry();
                JvmThreadsMetrics.builder().register(registry);
                JvmBufferPoolMetrics.builder().register(registry);
                JvmClassLoadingMetrics.builder().register(registry);
                io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics.builder().register(registry);
                JvmGarbageCollectorMetrics.builder().register(registry);
                JvmMemoryPoolAllocationMetrics.builder().register(registry);
                io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics.builder().register(registry);
                JvmRuntimeInfoMetric.builder().register(registry);
                ProcessMetrics.builder().register(registry);
                scrape = () -> {
                    try {
                        PrometheusTextFormatWriter.create().write(out, registry.scrape());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                };
            }
            default -> {
                System.err.println("usage: MetricsFirstUse micrometer|prometheus|prometheus-lean");
                System.exit(2);
                return;
            }
        }
        long registered = System.nanoTime();
        long classesRegistered = classes.getTotalLoadedClassCount();
        scrape.run();
        long scraped = System.nanoTime();
        long classesScraped = classes.getTotalLoadedClassCount();
        System.out.printf(Locale.ROOT, "%s %.1f %d %.1f %d %d%n", library, (registered - begin) / 1e6,
                classesRegistered - classesBefore, (scraped - registered) / 1e6, classesScraped - classesRegistered,
                out.size());
    }
}
