package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

/**
 * The HTTP endpoint of issue 11 on the packaged distribution: off by default (the daemon has no
 * listening TCP socket at all), on 127.0.0.1 only when turned on in {@code etc/daemon.toml}, GET
 * /metrics valid for {@code promtool check metrics}, and the metrics moving with what happens: a
 * subsystem's restarts, a configuration file refused and applied, a jar in {@code deploy/} that is
 * not a bundle, bundles installed and their states (one that does not resolve); {@code monitoring.enable_metrics} and the port changed live.
 */
public class HttpEndpointProcessTest extends ProcessTestSupport {

    private static final Pattern LISTENING = Pattern.compile("http endpoint: listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    public void offByDefaultTheDaemonListensOnNoTcpPortAndSaysSo() throws Exception {
        DistributionHome.Foreground daemon = home.runInForeground(Map.of());
        daemon.awaitReady();
        daemon.awaitLine("http endpoint: off (http.enabled = false in etc/daemon.toml)");

        assertEquals("TCP sockets the daemon listens on", List.of(), listening(daemon.pid()));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 9180), 5_000);
            fail("something listens on 127.0.0.1:9180, the endpoint's default port");
        } catch (ConnectException expected) {
            // connection refused: nothing there
        }
        stop(daemon);
    }

    @Test
    public void metricsOverHttpPassPromtoolAndASubsystemsRestartsMove() throws Exception {
        home.deploy("examples.jar", DistributionHome.examplesJar());
        httpSection("enabled = true", "port = 0");
        DistributionHome.Foreground daemon = home.runInForeground(Map.of());
        daemon.awaitReady();
        int port = port(daemon.awaitLine("http endpoint: listening on"));
        assertEquals("listens on 127.0.0.1 only", List.of("127.0.0.1:" + port), listening(daemon.pid()));

        String first = awaitScrape(port, "the flaky subsystem's restarts",
                text -> text.contains("procdaemon_subsystem_restarts_total{subsystem=\"flaky\"} "));
        double restarts = value(first, "procdaemon_subsystem_restarts_total{subsystem=\"flaky\"}");
        HttpResponse<String> response = get(port, "/metrics", null);
        assertEquals(TEXT_FORMAT, response.headers().firstValue("Content-Type").orElse(""));
        home.assertPromtoolAccepts(response.body());

        // flaky fails every half second and is restarted with backoff until it gives up (FAILED);
        // started again by the operator, it fails and is restarted again.
        String moved = awaitScrape(port, "flaky's restarts beyond " + restarts, text -> {
            if (text.contains("procdaemon_subsystem_state{state=\"FAILED\",subsystem=\"flaky\"} 1")) {
                home.client("daemon:start", "flaky");
            }
            return value(text, "procdaemon_subsystem_restarts_total{subsystem=\"flaky\"}") > restarts;
        });
        assertTrue(moved, value(moved, "procdaemon_subsystem_failures_total{subsystem=\"flaky\"}") >= 1);
        assertTrue(moved, moved.contains("procdaemon_shutdown_phase{phase=\"RUNNING\"} 1"));

        HttpResponse<String> openMetrics = get(port, "/metrics", "application/openmetrics-text;version=1.0.0,text/plain;q=0.5");
        assertTrue(openMetrics.headers().toString(),
                openMetrics.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
        assertTrue(openMetrics.body().endsWith("# EOF\n"));
        assertEquals(404, get(port, "/metricsx", null).statusCode());
        stop(daemon);
    }

    @Test
    public void configurationAndDeployOutcomesAreCountedAndTheKeysApplyLive() throws Exception {
        httpSection("enabled = true", "port = 0");
        DistributionHome.Foreground daemon = home.runInForeground(Map.of());
        daemon.awaitReady();
        int port = port(daemon.awaitLine("http endpoint: listening on"));
        String before = awaitScrape(port, "the daemon's counters", text -> text.contains("procdaemon_deploy_installs_total "));
        double installs = value(before, "procdaemon_deploy_installs_total");

        writeEtc("app.toml", "greeting = \n");
        awaitScrape(port, "a refusal of etc/app.toml",
                text -> value(text, "procdaemon_config_refusals_total{file=\"etc/app.toml\"}") == 1);
        writeEtc("app.toml", "greeting = \"hello\"\n");
        awaitScrape(port, "etc/app.toml applied", text -> value(text, "procdaemon_config_applies_total{file=\"etc/app.toml\"}") == 1);

        home.deploy("plain.jar", FixtureJars.plainJar());
        home.deploy("empty.jar", FixtureJars.emptyBundle());
        home.deploy("unresolvable.jar", FixtureJars.unresolvableBundle());
        String counted = awaitScrape(port, "plain.jar refused, empty.jar active, unresolvable.jar installed only",
                text -> value(text, "procdaemon_deploy_failures_total{reason=\"not_a_bundle\"}") == 1
                        && value(text, "procdaemon_deploy_installs_total") == installs + 2
                        && value(text, "procdaemon_deploy_bundles{state=\"active\"}") == 1
                        && value(text, "procdaemon_deploy_bundles{state=\"installed\"}") == 1);
        home.assertPromtoolAccepts(counted);

        // Metrics off, live: the endpoint and the shell say so.
        editDaemonToml("enable_metrics = true", "enable_metrics = false");
        DistributionHome.await("GET /metrics answering 503", () -> status(port) == 503, () -> daemon.output());
        HttpResponse<String> off = get(port, "/metrics", null);
        assertTrue(off.body(), off.body().startsWith("metrics are off: monitoring.enable_metrics = false in etc/daemon.toml"));
        DistributionHome.Result shell = home.client("daemon:metrics");
        assertEquals(shell.output(), FAILURE, shell.exitCode());
        assertTrue(shell.output(), shell.output().contains("metrics are off: monitoring.enable_metrics = false"));

        // Another port, live: the old one closes, the new one serves.
        int next = freePort();
        editDaemonToml("port = 0", "port = " + next);
        daemon.awaitLine("http endpoint: listening on http://127.0.0.1:" + next);
        assertEquals(List.of("127.0.0.1:" + next), listening(daemon.pid()));
        assertEquals(503, status(next));
        stop(daemon);
    }

    @Test
    public void aPortInUseIsOneErrorAndTheDaemonRunsOn() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            httpSection("enabled = true", "port = " + taken.getLocalPort());
            DistributionHome.Foreground daemon = home.runInForeground(Map.of());
            daemon.awaitReady();
            String error = daemon.awaitLine("http endpoint off: cannot listen on 127.0.0.1:" + taken.getLocalPort());
            assertTrue(error, error.contains("http.enabled, http.host, http.port in etc/daemon.toml"));
            home.client("daemon:status").assertExit(OK);
            stop(daemon);
        }
    }

    // --- helpers --------------------------------------------------------------------------------

    /** Sets keys of [http] in etc/daemon.toml before the daemon starts, e.g. {@code enabled = true}. */
    private void httpSection(String... lines) throws IOException {
        for (String line : lines) {
            String key = line.substring(0, line.indexOf(' '));
            String text = Files.readString(home.path("etc/daemon.toml"));
            Matcher shipped = Pattern.compile("(?m)^\\[http\\](?s:.*?)^(" + key + " = .*)$").matcher(text);
            assertTrue("[http] " + key + " in the shipped etc/daemon.toml", shipped.find());
            Files.writeString(home.path("etc/daemon.toml"),
                    text.substring(0, shipped.start(1)) + line + text.substring(shipped.end(1)));
        }
    }

    /** Replaces a line of etc/daemon.toml while the daemon runs, as an editor saves (rename). */
    private void editDaemonToml(String from, String to) throws IOException {
        String text = Files.readString(home.path("etc/daemon.toml"));
        assertTrue(from + " in etc/daemon.toml", text.contains("\n" + from + "\n"));
        Path part = home.path("etc/.daemon.toml.part");
        Files.writeString(part, text.replace("\n" + from + "\n", "\n" + to + "\n"));
        Files.move(part, home.path("etc/daemon.toml"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void writeEtc(String name, String text) throws IOException {
        Path part = home.path("etc/." + name + ".part");
        Files.writeString(part, text);
        Files.move(part, home.path("etc/" + name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static int port(String line) {
        Matcher matcher = LISTENING.matcher(line);
        assertTrue(line, matcher.find());
        return Integer.parseInt(matcher.group(1));
    }

    private HttpResponse<String> get(int port, String path, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int status(int port) {
        try {
            return get(port, "/metrics", null).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Scrapes until {@code condition} holds on a 200 response's body (the metrics bundle starts after readiness). */
    private String awaitScrape(int port, String what, java.util.function.Predicate<String> condition) {
        String[] last = {""};
        DistributionHome.await(what, () -> {
            try {
                HttpResponse<String> response = get(port, "/metrics", null);
                last[0] = response.statusCode() + "\n" + response.body();
                return response.statusCode() == 200 && condition.test(response.body());
            } catch (IOException e) {
                last[0] = e.toString();
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, () -> last[0]);
        return last[0].substring(last[0].indexOf('\n') + 1);
    }

    /** @return the sample's value, or -1 when the scrape has no such series */
    private static double value(String scrape, String series) {
        for (String line : scrape.lines().toList()) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip());
            }
        }
        return -1;
    }

    /**
     * @return {@code ip:port} of every TCP socket the process listens on: its socket descriptors
     *         ({@code /proc/PID/fd}) matched by inode with the LISTEN entries of its network
     *         namespace ({@code /proc/PID/net/tcp}, {@code tcp6}; an IPv4-mapped address as IPv4)
     */
    static List<String> listening(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed since the listing
                }
            }
        }
        List<String> found = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/net/" + table));
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields[3].equals("0A") && inodes.contains(fields[9])) {
                    found.add(address(fields[1]));
                }
            }
        }
        return found;
    }

    /** {@code 0100007F:2710} or the 32-digit IPv6 form: 32-bit words in host (little-endian) order. */
    private static String address(String hex) throws IOException {
        String[] parts = hex.split(":");
        byte[] bytes = new byte[parts[0].length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(parts[0].substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes).getHostAddress() + ":" + Integer.parseInt(parts[1], 16);
    }

    private void stop(DistributionHome.Foreground daemon) throws IOException, InterruptedException {
        DistributionHome.kill("TERM", daemon.pid());
        assertEquals("exit code; output:\n" + daemon.output(), OK, daemon.awaitExit());
        assertNotNull(daemon.output());
    }
}
