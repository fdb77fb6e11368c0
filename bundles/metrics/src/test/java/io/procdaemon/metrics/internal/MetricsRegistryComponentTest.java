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
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

import io.procdaemon.api.Health;
import io.procdaemon.api.RestartPolicy;
import io.procdaemon.api.ShutdownPhase;
import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.SubsystemState;
import io.procdaemon.api.Supervisor;
import io.procdaemon.metrics.Counter;
import io.procdaemon.metrics.MetricsCollector;

class MetricsRegistryComponentTest {

    private final SubsystemInfo worker = info("worker", SubsystemState.RUNNING, 2);
    private ShutdownPhase phase = ShutdownPhase.RUNNING;
    private final MetricsRegistryComponent metrics = new MetricsRegistryComponent(supervisor(List.of(worker)), () -> phase,
            Map.of());

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
    void theShutdownPhaseAndTheLastRunAreReadAtTheScrape() throws IOException {
        assertTrue(text().contains("procdaemon_shutdown_phase{phase=\"RUNNING\"} 1"), text());
        phase = ShutdownPhase.GRACEFUL;
        String text = text();
        assertTrue(text.contains("procdaemon_shutdown_phase{phase=\"GRACEFUL\"} 1"), text);
        assertTrue(text.contains("procdaemon_shutdown_phase{phase=\"RUNNING\"} 0"), text);
        assertTrue(text.contains("procdaemon_subsystem_last_run_seconds{subsystem=\"worker\"} 0"), text);

        Instant start = Instant.parse("2026-12-01T10:00:00Z");
        SubsystemInfo ended = new SubsystemInfo(1, "job", SubsystemState.RESTARTING, RestartPolicy.always(), start,
                Optional.of(start), Optional.of(start.plusMillis(2500)), 1, Optional.empty(), Health.healthy(), List.of(), false);
        assertEquals(2.5, SupervisorMetrics.lastRunSeconds(ended));
        SubsystemInfo runningAgain = new SubsystemInfo(1, "job", SubsystemState.RUNNING, RestartPolicy.always(), start,
                Optional.of(start.plusSeconds(3)), Optional.of(start.plusMillis(2500)), 1, Optional.empty(), Health.healthy(),
                List.of(), false);
        assertEquals(0.0, SupervisorMetrics.lastRunSeconds(runningAgain), "its start is after the last end: no finished run to show");
    }

    @Test
    void configurationAndDeployOutcomesAreCountedFromTheirEvents() throws IOException {
        metrics.handleEvent(new Event(DaemonCounters.CONFIG_APPLIED, Map.of("file", "etc/app.toml")));
        metrics.handleEvent(new Event(DaemonCounters.CONFIG_APPLIED, Map.of("file", "etc/app.toml")));
        metrics.handleEvent(new Event(DaemonCounters.CONFIG_REFUSED, Map.of("file", "etc/daemon.toml")));
        metrics.handleEvent(new Event(DaemonCounters.DEPLOY_REFUSED, Map.of("file", "/pd/deploy/x.jar", "reason", "not_a_bundle")));
        metrics.handleEvent(new Event(DaemonCounters.CONFIG_REFUSED, Map.of())); // no file: not counted
        metrics.bundleInstalled();

        String text = text();
        for (String expected : List.of("procdaemon_config_applies_total{file=\"etc/app.toml\"} 2.0",
                "procdaemon_config_refusals_total{file=\"etc/daemon.toml\"} 1.0",
                "procdaemon_deploy_failures_total{reason=\"not_a_bundle\"} 1.0", "procdaemon_deploy_installs_total 1.0")) {
            assertTrue(text.contains(expected), expected + " in\n" + text);
        }
        assertEquals(1, text.lines().filter(line -> line.startsWith("procdaemon_config_refusals_total{")).count(), text);
    }

    @Test
    void offNothingIsExposedOrCountedAndTheJvmMetricsAreNotEvenRegistered() throws IOException {
        MetricsRegistryComponent off = new MetricsRegistryComponent(supervisor(List.of(worker)), () -> phase,
                Map.of("monitoring.enable_metrics", false));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> off.writeText(new ByteArrayOutputStream()));
        assertEquals("metrics are off: monitoring.enable_metrics = false in etc/daemon.toml (set it to true to collect and"
                + " expose them; it applies live)", refused.getMessage());
        assertEquals(Optional.of(refused.getMessage()), off.off());
        off.stateChanged(info("worker", SubsystemState.FAILED, 2), SubsystemState.RUNNING);
        off.handleEvent(new Event(DaemonCounters.CONFIG_REFUSED, Map.of("file", "etc/app.toml")));
        off.bundleInstalled();
        Counter jobs = off.forSubsystem("worker").counter("jobs", "jobs done");
        jobs.inc(); // a subsystem's code need not care whether metrics are on

        off.modified(Map.of("monitoring.enable_metrics", true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        off.writeText(out);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("jvm_threads_current "), "registered when turned on:\n" + text);
        assertTrue(text.contains("procdaemon_subsystem_state{state=\"RUNNING\",subsystem=\"worker\"} 1"), text);
        assertTrue(text.contains("jobs_total{subsystem=\"worker\"} 1.0"), text);
        assertTrue(text.contains("procdaemon_deploy_installs_total 0.0"), "nothing counted while off:\n" + text);
        assertTrue(text.lines().noneMatch(line -> line.startsWith("procdaemon_subsystem_failures_total{")
                || line.startsWith("procdaemon_config_refusals_total{")), "nothing counted while off:\n" + text);

        off.modified(Map.of("monitoring.enable_metrics", false));
        assertThrows(IllegalStateException.class, () -> off.writeText(new ByteArrayOutputStream()));
    }

    @Test
    void openMetricsWhenTheClientAsksForIt() throws IOException {
        String prometheus = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
        assertTrue(metrics.contentType(prometheus).startsWith("application/openmetrics-text; version=1.0.0"),
                metrics.contentType(prometheus));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(prometheus, out);
        assertTrue(out.toString(StandardCharsets.UTF_8).endsWith("# EOF\n"), out.toString(StandardCharsets.UTF_8));

        for (String accept : new String[] {null, "text/plain", "*/*"}) {
            assertEquals("text/plain; version=0.0.4; charset=utf-8", metrics.contentType(accept), accept);
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
