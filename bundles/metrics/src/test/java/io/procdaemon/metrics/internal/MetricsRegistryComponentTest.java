package io.procdaemon.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.procdaemon.api.Health;
import io.procdaemon.api.RestartPolicy;
import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.SubsystemState;
import io.procdaemon.api.Supervisor;
import io.procdaemon.metrics.Counter;
import io.procdaemon.metrics.MetricsCollector;

class MetricsRegistryComponentTest {

    private final SubsystemInfo worker = info("worker", SubsystemState.RUNNING, 2);
    private final MetricsRegistryComponent metrics = new MetricsRegistryComponent(supervisor(List.of(worker)));

    @Test
    void aSubsystemsCounterCarriesItsNameAndTheAuthorsLabels() throws IOException {
        Counter requests = metrics.forSubsystem("worker").counter("requests", "requests served", "outcome");
        requests.labels("ok").inc();
        requests.labels("ok").inc(2);
        metrics.forSubsystem("http").counter("requests", "requests served", "outcome").labels("error").inc();

        String text = text();
        assertTrue(text.contains("requests_total{outcome=\"ok\",subsystem=\"worker\"} 3.0")
                || text.contains("requests_total{subsystem=\"worker\",outcome=\"ok\"} 3.0"), text);
        assertTrue(text.contains("subsystem=\"http\""), text);
        assertEquals(1, text.lines().filter(line -> line.equals("# TYPE requests_total counter")).count(), text);
    }

    @Test
    void aLabelledMetricWantsItsValuesAndTheRightNumberOfThem() {
        Counter requests = metrics.forSubsystem("worker").counter("requests", "requests served", "outcome");
        IllegalStateException unbound = assertThrows(IllegalStateException.class, requests::inc);
        assertTrue(unbound.getMessage().contains("counter 'requests_total' has the labels [outcome]: call labels(...) first"),
                unbound.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> requests.labels("ok", "GET"));
        assertTrue(count.getMessage().contains("1 values expected, got 2"), count.getMessage());
        assertThrows(IllegalArgumentException.class, () -> requests.labels("ok").inc(-1));
    }

    @Test
    void aNameIsOneTypeWithOneSetOfLabels() {
        MetricsCollector worker = metrics.forSubsystem("worker");
        worker.counter("jobs", "jobs done");
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> worker.gauge("jobs", "jobs"));
        assertTrue(type.getMessage().contains("metric 'jobs' exists as a counter with labels [subsystem]; asked for a gauge"),
                type.getMessage());
        assertThrows(IllegalArgumentException.class, () -> worker.counter("jobs", "jobs done", "queue"));
        assertThrows(IllegalArgumentException.class, () -> worker.counter("spans", "spans", "subsystem"));
        assertThrows(IllegalArgumentException.class, () -> worker.counter("bad-name", "not a classic Prometheus name"));
        assertThrows(IllegalArgumentException.class, () -> worker.counter("jobs_by_kind", "jobs", "kind-of"));
        assertSame(worker, metrics.forSubsystem("worker"));
    }

    @Test
    void theScrapeHasTheJvmTheProcessAndTheSupervisorsView() throws IOException {
        metrics.forSubsystem("worker").timer("job_duration", "how long a job took").record(Duration.ofMillis(12));
        metrics.forSubsystem("worker").gauge("queue_depth", "jobs waiting").set(4);
        metrics.stateChanged(info("worker", SubsystemState.FAILED, 2), SubsystemState.RUNNING);

        String text = text();
        for (String expected : List.of("jvm_memory_used_bytes{area=\"heap\"}", "jvm_threads_current ",
                "process_resident_memory_bytes ", "process_open_fds ", "process_cpu_seconds_total ",
                "procdaemon_subsystem_state{state=\"RUNNING\",subsystem=\"worker\"} 1",
                "procdaemon_subsystem_state{state=\"FAILED\",subsystem=\"worker\"} 0",
                "procdaemon_subsystem_restarts_total{subsystem=\"worker\"} 2",
                "procdaemon_subsystem_healthy{subsystem=\"worker\"} 1", "procdaemon_healthy 1",
                "procdaemon_subsystem_failures_total{subsystem=\"worker\"} 1",
                "job_duration_seconds_count{subsystem=\"worker\"} 1", "queue_depth{subsystem=\"worker\"} 4")) {
            assertTrue(text.contains(expected), expected + " in\n" + text);
        }
    }

    @Test
    void recordingStartsNoThread() {
        Counter jobs = metrics.forSubsystem("worker").counter("jobs", "jobs done");
        for (int i = 0; i < 1000; i++) {
            jobs.inc();
        }
        metrics.forSubsystem("worker").timer("job_duration", "how long a job took").record(Duration.ofMillis(3));
        // The GC notifications reach the JVM collectors' listeners (allocation counting was one).
        System.gc();
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("prometheus-metrics")),
                "no exemplar sampler, so no scheduler thread of the client");
    }

    private String text() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.writeText(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static SubsystemInfo info(String name, SubsystemState state, int restarts) {
        Instant now = Instant.now();
        return new SubsystemInfo(1, name, state, RestartPolicy.always(), now, Optional.of(now.minusSeconds(5)),
                Optional.empty(), restarts, Optional.empty(), Health.healthy(), List.of(), false);
    }

    private static Supervisor supervisor(List<SubsystemInfo> subsystems) {
        return new Supervisor() {
            @Override
            public List<SubsystemInfo> subsystems() {
                return subsystems;
            }

            @Override
            public Optional<SubsystemInfo> subsystem(String name) {
                return subsystems.stream().filter(info -> info.name().equals(name)).findFirst();
            }

            @Override
            public Health health() {
                return Health.healthy();
            }

            @Override
            public SubsystemInfo start(String name) {
                throw new UnsupportedOperationException();
            }

            @Override
            public SubsystemInfo stop(String name) {
                throw new UnsupportedOperationException();
            }

            @Override
            public SubsystemInfo restart(String name) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
