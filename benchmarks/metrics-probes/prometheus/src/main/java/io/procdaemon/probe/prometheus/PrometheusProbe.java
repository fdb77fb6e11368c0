package io.procdaemon.probe.prometheus;

import static java.lang.System.Logger.Level.INFO;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Study instrument (issue 11, docs/metrics-study.md): at bundle start, a Prometheus registry with
 * the client's JVM and process metrics ({@code JvmMetrics}: memory, buffer pools, GC, threads,
 * classes, compilation, runtime info, CPU, RSS, open files) and one labelled counter;
 * {@code probe:metrics} prints the Prometheus text. Logs how long the start took.
 */
public final class PrometheusProbe implements BundleActivator {

    private static final System.Logger LOG = System.getLogger("io.procdaemon.probe");

    @Override
    public void start(BundleContext context) {
        long begin = System.nanoTime();
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        Counter.builder().name("procdaemon_probe_starts").help("starts of the probe").labelNames("library").register(registry)
                .labelValues("prometheus").inc();
        long millis = (System.nanoTime() - begin) / 1_000_000;
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("osgi.command.scope", "probe");
        properties.put("osgi.command.function", "metrics");
        context.registerService(Commands.class, new Commands(registry), properties);
        LOG.log(INFO, "metrics probe (prometheus): registry and JVM metrics in {0} ms", millis);
    }

    @Override
    public void stop(BundleContext context) {
    }

    /** The probe's Gogo command. */
    public static final class Commands {
        private final PrometheusRegistry registry;

        Commands(PrometheusRegistry registry) {
            this.registry = registry;
        }

        /** @return the Prometheus text exposition of the registry */
        public String metrics() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                PrometheusTextFormatWriter.create().write(out, registry.scrape());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
