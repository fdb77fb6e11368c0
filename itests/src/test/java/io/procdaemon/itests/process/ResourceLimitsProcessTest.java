package io.procdaemon.itests.process;

import static io.procdaemon.itests.process.DistributionHome.firstLine;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * Issue 11: the limits of {@code [resources]} act on the tarball. The daemon has some 30 threads
 * once ready, so a limit of 5 threads is crossed at the first sample; samples come every 50 ms.
 */
public class ResourceLimitsProcessTest extends ProcessTestSupport {

    private static final String SOFT = "resource=threads level=SOFT";
    private static final String HARD = "resource=threads level=HARD";

    private static Map<String, String> limits(String... pairs) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("DAEMON_MONITORING__METRICS_INTERVAL_MS", "50"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    public void aSoftLimitIsLoggedOncePerCrossingAndTheDaemonRunsOn() throws Exception {
        DistributionHome.Foreground daemon = home.runInForeground(limits("DAEMON_RESOURCES__THREADS_SOFT", "5"));
        daemon.awaitReady();
        daemon.awaitLine(SOFT);
        // Some samples later (a client's whole JVM start, tens of samples at 50 ms): still one report.
        home.launcher("client", "daemon:status").assertExit(OK);
        assertTrue(daemon.isAlive());
        DistributionHome.kill("TERM", daemon.pid());
        assertEquals("exit code; output:\n" + daemon.output(), OK, daemon.awaitExit());
        String output = daemon.output();
        assertEquals("one report for one crossing:\n" + output, 1, output.lines().filter(line -> line.contains(SOFT)).count());
        assertNotNull(output, firstLine(output, "resources: sampled every 50 ms; limits threads soft 5 hard -"));
    }

    @Test
    public void aHardLimitShutsTheDaemonDownWithExitCode1() throws Exception {
        DistributionHome.Foreground daemon = home.runInForeground(limits("DAEMON_RESOURCES__THREADS_HARD", "5"));
        assertEquals("exit code; output:\n" + daemon.output(), FAILURE, daemon.awaitExit());
        String output = daemon.output();
        assertNotNull(output, firstLine(output, HARD));
        assertNotNull(output, firstLine(output, "shutting down (reason ResourceExhausted, exit code 1)"));
        assertNotNull(output, firstLine(output, "exit code 1"));
    }

    @Test
    public void aHardLimitCanRestartANamedSubsystemSetLive() throws Exception {
        home.deploy("examples.jar", DistributionHome.examplesJar());
        DistributionHome.Foreground daemon = home.runInForeground(Map.of("DAEMON_MONITORING__METRICS_INTERVAL_MS", "50"));
        daemon.awaitReady();
        daemon.awaitLine("subsystem=heartbeat id=");
        // etc/daemon.toml ships hot_reload = true: the limit applies live, written as an editor does
        Path file = home.path("etc/daemon.toml");
        String toml = Files.readString(file).replace("threads_hard = 0", "threads_hard = 5")
                .replace("on_hard_limit = \"shutdown\"", "on_hard_limit = \"restart\"")
                .replace("#restart_subsystem = \"worker\"", "restart_subsystem = \"heartbeat\"");
        Path part = home.path("etc/.daemon.toml.part");
        Files.writeString(part, toml);
        Files.move(part, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        daemon.awaitLine(HARD);
        String restarted = daemon.awaitLine("resources: restarted subsystem heartbeat");
        assertTrue(restarted, daemon.isAlive());
        DistributionHome.kill("TERM", daemon.pid());
        assertEquals("exit code; output:\n" + daemon.output(), OK, daemon.awaitExit());
        String output = daemon.output();
        assertNotNull(output, firstLine(output, "subsystem=heartbeat context=operator reason=\"restart requested\""));
    }

    @Test
    public void aHardLimitCanWriteAHeapDumpAndTheDaemonRunsOn() throws Exception {
        DistributionHome.Foreground daemon = home.runInForeground(limits("DAEMON_RESOURCES__THREADS_HARD", "5",
                "DAEMON_RESOURCES__ON_HARD_LIMIT", "heapdump"));
        daemon.awaitReady();
        String written = daemon.awaitLine("resources: heap dump written to ");
        List<Path> dumps;
        try (Stream<Path> files = Files.list(home.path("data"))) {
            dumps = files.filter(file -> file.getFileName().toString().matches("heap-\\d{4}-\\d\\d-\\d\\dT\\d{6}Z-threads\\.hprof"))
                    .toList();
        }
        assertEquals(written, 1, dumps.size());
        assertTrue(written, Files.size(dumps.get(0)) > 0);
        assertTrue(daemon.isAlive());
        DistributionHome.kill("TERM", daemon.pid());
        assertEquals("exit code; output:\n" + daemon.output(), OK, daemon.awaitExit());
    }
}
