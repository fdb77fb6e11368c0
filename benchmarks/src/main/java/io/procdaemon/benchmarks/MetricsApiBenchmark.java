package io.procdaemon.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.procdaemon.api.Health;
import io.procdaemon.api.ShutdownPhase;
import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.Supervisor;
import io.procdaemon.metrics.Counter;
import io.procdaemon.metrics.MetricsCollector;
import io.procdaemon.metrics.Timer;
import io.procdaemon.metrics.internal.MetricsRegistryComponent;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;

/**
 * The prototype's API (bundles/metrics) against the Prometheus client it wraps, in one run: a
 * subsystem's counter (its {@code subsystem} label bound), a counter with one more label bound,
 * a timer; and the client's own counter data point as the reference. Outside OSGi: the registry
 * component is created directly, with a supervisor that has no subsystems.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MetricsApiBenchmark {

    private Counter counter;
    private Counter labelled;
    private Timer timer;
    private CounterDataPoint client;

    @Setup
    public void metrics() {
        MetricsCollector worker = new MetricsRegistryComponent(new NoSubsystems(), () -> ShutdownPhase.RUNNING, Map.of())
                .forSubsystem("worker");
        counter = worker.counter("jobs", "jobs done");
        labelled = worker.counter("requests", "requests served", "outcome").labels("ok");
        timer = worker.timer("job_duration", "how long a job took");
        client = io.prometheus.metrics.core.metrics.Counter.builder().name("reference").labelNames("subsystem")
                .register(new io.prometheus.metrics.model.registry.PrometheusRegistry()).labelValues("worker");
    }

    @Benchmark
    public void counterApi() {
        counter.inc();
    }

    @Benchmark
    public void counterApiLabelled() {
        labelled.inc();
    }

    @Benchmark
    public void counterClient() {
        client.inc();
    }

    @Benchmark
    public void timerApi() {
        timer.recordNanos(1_234_567);
    }

    private static final class NoSubsystems implements Supervisor {
        @Override
        public List<SubsystemInfo> subsystems() {
            return List.of();
        }

        @Override
        public Optional<SubsystemInfo> subsystem(String name) {
            return Optional.empty();
        }

        @Override
        public Health health() {
            return Health.healthy();
        }

        @Override
        public SubsystemInfo start(String name) {
            throw new UnsupportedOperationException(name);
        }

        @Override
        public SubsystemInfo stop(String name) {
            throw new UnsupportedOperationException(name);
        }

        @Override
        public SubsystemInfo restart(String name) {
            throw new UnsupportedOperationException(name);
        }
    }
}
