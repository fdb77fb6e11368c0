package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Test;

/**
 * {@code daemon:metrics} on the packaged distribution (issue 11): what {@code bin/proc-daemon
 * client daemon:metrics} prints is Prometheus text that {@code promtool check metrics} (Debian's
 * {@code prometheus} package; .ci/run installs it) accepts without a single complaint, with the
 * JVM's and the process's metrics and the supervisor's view of the example subsystems.
 */
public class MetricsProcessTest extends ProcessTestSupport {

    @Test
    public void daemonMetricsPrintsPrometheusTextThatPromtoolAccepts() throws Exception {
        home.deploy("examples.jar", DistributionHome.examplesJar());
        home.launcher("start").assertExit(OK);
        home.awaitLogLine("subsystem=heartbeat id=");
        // The metrics bundle starts after readiness (level 40): the command appears a moment later.
        String[] text = new String[1];
        DistributionHome.await("daemon:metrics with the heartbeat's state", () -> {
            DistributionHome.Result result = home.client("daemon:metrics");
            text[0] = result.output();
            return result.exitCode() == OK
                    && result.output().contains("procdaemon_subsystem_state{state=\"RUNNING\",subsystem=\"heartbeat\"} 1");
        }, () -> text[0]);

        String metrics = text[0];
        for (String expected : List.of("# TYPE jvm_memory_used_bytes gauge", "jvm_memory_used_bytes{area=\"heap\"} ",
                "jvm_gc_collection_seconds_count{gc=", "jvm_threads_current ", "process_cpu_seconds_total ",
                "process_resident_memory_bytes ", "process_open_fds ", "process_start_time_seconds ",
                "procdaemon_subsystem_restarts_total{subsystem=\"flaky\"} ", "procdaemon_subsystem_healthy{subsystem=\"clock\"} ",
                "procdaemon_healthy ")) {
            assertTrue(expected + " in:\n" + metrics, metrics.contains(expected));
        }

        // Exemplars are off, so the client never starts its scheduler thread.
        long pid = Long.parseLong(home.readTrimmed("data/daemon.pid"));
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            List<String> names = tasks.map(task -> DistributionHome.read(task.resolve("comm")).strip()).toList();
            assertTrue(names.toString(), names.stream().noneMatch(name -> name.startsWith("prometheus")));
        }

        home.assertPromtoolAccepts(metrics);
    }
}
