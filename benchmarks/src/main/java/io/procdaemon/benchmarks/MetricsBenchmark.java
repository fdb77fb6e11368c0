package io.procdaemon.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Issue 11's per-operation costs of the two metrics libraries considered, Micrometer
 * ({@code micrometer-core} with its Prometheus registry) and the Prometheus Java client 1.x
 * ({@code prometheus-metrics-core}), against a bare {@link LongAdder} as the floor:
 * <ul>
 * <li>a counter increment through a handle obtained once (no labels), on one thread and on two
 *     threads contending for the same counter ({@code *Contended});
 * <li>a labelled counter: the handle of one label value kept ({@code Bound}), or looked up by its
 *     label value at every increment ({@code Lookup}: what code that does not keep handles pays);
 * <li>a timer or histogram recording one duration;
 * <li>a scrape: the Prometheus text exposition of 100 counter series (10 metrics of 10 label
 *     values) into a reused buffer.
 * </ul>
 * Average time per operation; run with {@code -prof gc} for the allocation per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MetricsBenchmark {

    private static final String[] SUBSYSTEMS = new String[10];

    static {
        for (int i = 0; i < SUBSYSTEMS.length; i++) {
            SUBSYSTEMS[i] = "subsystem-" + i;
        }
    }

    private final LongAdder adder = new LongAdder();

    private PrometheusMeterRegistry micrometer;
    private Counter micrometerCounter;
    private Counter micrometerLabelled;
    private Timer micrometerTimer;
    private PrometheusMeterRegistry micrometerScraped;

    private PrometheusRegistry prometheus;
    private io.prometheus.metrics.core.metrics.Counter prometheusCounter;
    private io.prometheus.metrics.core.metrics.Counter prometheusLabelledCounter;
    private CounterDataPoint prometheusLabelled;
    private Histogram prometheusHistogram;
    private Histogram prometheusClassicHistogram;
    private PrometheusRegistry prometheusScraped;
    private PrometheusTextFormatWriter textFormat;

    private final ByteArrayOutputStream scrapeBuffer = new ByteArrayOutputStream(64 * 1024);

    @Setup
    public void registries() {
        micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        micrometerCounter = micrometer.counter("procdaemon_bench_events");
        micrometerLabelled = micrometer.counter("procdaemon_bench_labelled", "subsystem", SUBSYSTEMS[3]);
        micrometerTimer = Timer.builder("procdaemon_bench_duration").register(micrometer);

        prometheus = new PrometheusRegistry();
        prometheusCounter = io.prometheus.metrics.core.metrics.Counter.builder().name("procdaemon_bench_events")
                .register(prometheus);
        prometheusLabelledCounter = io.prometheus.metrics.core.metrics.Counter.builder()
                .name("procdaemon_bench_labelled").labelNames("subsystem").register(prometheus);
        prometheusLabelled = prometheusLabelledCounter.labelValues(SUBSYSTEMS[3]);
        prometheusHistogram = Histogram.builder().name("procdaemon_bench_duration_seconds").register(prometheus);
        prometheusClassicHistogram = Histogram.builder().name("procdaemon_bench_classic_duration_seconds")
                .classicOnly().register(prometheus);

        micrometerScraped = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        prometheusScraped = new PrometheusRegistry();
        for (int m = 0; m < 10; m++) {
            io.prometheus.metrics.core.metrics.Counter counter = io.prometheus.metrics.core.metrics.Counter.builder()
                    .name("procdaemon_bench_metric_" + m).help("metric " + m).labelNames("subsystem")
                    .register(prometheusScraped);
            for (int s = 0; s < SUBSYSTEMS.length; s++) {
                counter.labelValues(SUBSYSTEMS[s]).inc(m * 10 + s);
                Counter.builder("procdaemon_bench_metric_" + m).description("metric " + m).tag("subsystem", SUBSYSTEMS[s])
                        .register(micrometerScraped).increment(m * 10 + s);
            }
        }
        textFormat = PrometheusTextFormatWriter.create();
    }

    @Benchmark
    public void counterLongAdder() {
        adder.increment();
    }

    @Benchmark
    @Threads(2)
    public void counterLongAdderContended() {
        adder.increment();
    }

    @Benchmark
    public void counterMicrometer() {
        micrometerCounter.increment();
    }

    @Benchmark
    @Threads(2)
    public void counterMicrometerContended() {
        micrometerCounter.increment();
    }

    @Benchmark
    public void counterPrometheus() {
        prometheusCounter.inc();
    }

    @Benchmark
    @Threads(2)
    public void counterPrometheusContended() {
        prometheusCounter.inc();
    }

    @Benchmark
    public void labelledBoundMicrometer() {
        micrometerLabelled.increment();
    }

    @Benchmark
    public void labelledBoundPrometheus() {
        prometheusLabelled.inc();
    }

    @Benchmark
    public void labelledLookupMicrometer() {
        micrometer.counter("procdaemon_bench_labelled", "subsystem", SUBSYSTEMS[3]).increment();
    }

    @Benchmark
    @Threads(2)
    public void labelledLookupMicrometerContended() {
        micrometer.counter("procdaemon_bench_labelled", "subsystem", SUBSYSTEMS[3]).increment();
    }

    @Benchmark
    public void labelledLookupPrometheus() {
        prometheusLabelledCounter.labelValues(SUBSYSTEMS[3]).inc();
    }

    @Benchmark
    @Threads(2)
    public void labelledLookupPrometheusContended() {
        prometheusLabelledCounter.labelValues(SUBSYSTEMS[3]).inc();
    }

    /** Micrometer's Prometheus timer: a count, a sum and a max; no buckets unless asked for. */
    @Benchmark
    public void timerMicrometer() {
        micrometerTimer.record(1_234_567, TimeUnit.NANOSECONDS);
    }

    /** The Prometheus client's default histogram: classic buckets and a native histogram both. */
    @Benchmark
    public void histogramPrometheus() {
        prometheusHistogram.observe(0.001234567);
    }

    /** Classic buckets only (what the text format exposes anyway). */
    @Benchmark
    public void histogramPrometheusClassic() {
        prometheusClassicHistogram.observe(0.001234567);
    }

    @Benchmark
    public int scrape100Micrometer() throws IOException {
        scrapeBuffer.reset();
        micrometerScraped.scrape(scrapeBuffer);
        return scrapeBuffer.size();
    }

    @Benchmark
    public int scrape100Prometheus() throws IOException {
        scrapeBuffer.reset();
        textFormat.write(scrapeBuffer, prometheusScraped.scrape());
        return scrapeBuffer.size();
    }
}
