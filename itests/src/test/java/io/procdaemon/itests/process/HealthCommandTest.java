package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

/**
 * {@code bin/proc-daemon health}, the health line of {@code status}, and the HTTP probes
 * {@code /health/live|ready|started}: what a script, an exec probe or a kubelet reads. Before, {@code client daemon:status} exited 0 while printing
 * {@code health unhealthy: flaky is FAILED}, and there was no health command.
 */
public class HealthCommandTest extends ProcessTestSupport {

    @Test
    public void healthExitsZeroWhenReadyOneWhenACriticalSubsystemFailedAndThreeWhenNotRunning() throws Exception {
        home.launcher("health").assertExit(NOT_RUNNING);

        home.launcher("start").assertExit(OK);
        DistributionHome.Result ready = home.launcher("health").assertExit(OK);
        assertTrue(ready.output(), ready.output().startsWith("ready: UP, ready (0 subsystems)"));
        DistributionHome.Result status = home.launcher("status").assertExit(OK);
        assertTrue(status.output(), status.output().contains("health: ready: UP, ready (0 subsystems)"));
        home.launcher("health", "live").assertExit(OK);
        home.launcher("health", "started").assertExit(OK);
        DistributionHome.Result unknown = home.launcher("health", "alive");
        assertEquals(unknown.output(), FAILURE, unknown.exitCode());
        assertTrue(unknown.output(), unknown.output().contains("unknown probe 'alive'; one of: ready, live, started"));

        // The examples' flaky fails at every run and, its restarts spent, stays FAILED; it is critical.
        home.deploy("examples.jar", DistributionHome.examplesJar());
        home.awaitLogLine("subsystem=flaky id=");
        // While flaky restarts it is RUNNING now and then, and the daemon healthy for that moment.
        AtomicReference<DistributionHome.Result> last = new AtomicReference<>();
        DistributionHome.await("bin/proc-daemon health to exit 1", () -> {
            try {
                last.set(home.launcher("health"));
                return last.get().exitCode() == FAILURE;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, home::log);
        String down = last.get().output();
        assertTrue(down, down.contains("ready: DOWN, ") && down.contains("flaky"));
        assertTrue(down, down.matches("(?s).*\\bflaky\\s+(FAILED|RESTARTING|STARTING)\\b.*"));
        home.launcher("health", "live").assertExit(OK);

        home.launcher("stop").assertExit(OK);
        home.launcher("health").assertExit(NOT_RUNNING);
    }

    @Test
    public void theHttpProbesAnswerWithTheSameVerdictsAndAJsonBody() throws Exception {
        DistributionHome.Foreground daemon = home.runInForeground(Map.of("DAEMON_HTTP__ENABLED", "true",
                "DAEMON_HTTP__PORT", "0"));
        daemon.awaitReady();
        int port = port(daemon.awaitLine("http endpoint: listening on"));
        HttpResponse<String> started = get(port, "/health/started");
        assertEquals(started.body(), 200, started.statusCode());
        assertEquals("application/json", started.headers().firstValue("Content-Type").orElse(""));
        assertTrue(started.body(), started.body().startsWith("{\"probe\":\"started\",\"status\":\"UP\""));
        assertEquals(200, get(port, "/health/live").statusCode());
        HttpResponse<String> ready = get(port, "/health/ready");
        assertEquals(ready.body(), "{\"probe\":\"ready\",\"status\":\"UP\",\"reason\":\"ready\",\"subsystems\":[]}\n",
                ready.body());

        home.deploy("examples.jar", DistributionHome.examplesJar());
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        // The examples' other subsystems make it 503 too while they start (CI: "clock is STOPPED");
        // wait for the verdict that names flaky, which fails at every run.
        DistributionHome.await("/health/ready to answer 503 because of flaky", () -> {
            last.set(get(port, "/health/ready"));
            return last.get().statusCode() == 503 && last.get().body().contains("flaky is ");
        }, daemon::output);
        String body = last.get().body();
        assertTrue(body, body.startsWith("{\"probe\":\"ready\",\"status\":\"DOWN\",\"reason\":\"")
                && body.contains("{\"name\":\"flaky\",\"state\":\""));
        assertEquals("a failed subsystem never makes the daemon not live", 200, get(port, "/health/live").statusCode());

        DistributionHome.kill("TERM", daemon.pid());
        assertEquals(daemon.output(), OK, daemon.awaitExit());
    }

    private static final Pattern LISTENING = Pattern.compile("http endpoint: listening on http://127\\.0\\.0\\.1:(\\d+)");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static int port(String line) {
        Matcher matcher = LISTENING.matcher(line);
        assertTrue(line, matcher.find());
        return Integer.parseInt(matcher.group(1));
    }

    private HttpResponse<String> get(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
