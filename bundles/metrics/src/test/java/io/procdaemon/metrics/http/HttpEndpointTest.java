package io.procdaemon.metrics.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoint with the JDK's real server on real sockets (no framework: the handlers' whiteboard
 * is the in-framework side): settings, routing, binding, rebinding and failing to bind.
 */
class HttpEndpointTest {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private HttpEndpoint endpoint;
    private BoundServer server;

    @AfterEach
    void close() {
        if (endpoint != null) {
            endpoint.deactivate();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theSettingsDefaultToOffOnLoopback() {
        assertEquals(new HttpSettings(false, "127.0.0.1", 9180), HttpSettings.from(Map.of()));
        HttpSettings on = HttpSettings.from(Map.of("http.enabled", true, "http.host", "::1", "http.port", 0L));
        assertEquals(new HttpSettings(true, "::1", 0), on);
        assertEquals("[::1]:0", on.address());
    }

    @Test
    void offByDefaultNothingListens() {
        endpoint = new HttpEndpoint(null, Map.of());
        assertEquals(Optional.empty(), endpoint.address());
    }

    @Test
    void onItListensOnLoopbackAndRebindsLiveWhenThePortChanges() throws Exception {
        endpoint = new HttpEndpoint(null, Map.of("http.enabled", true, "http.port", 0L));
        InetSocketAddress first = endpoint.address().orElseThrow();
        assertEquals(InetAddress.getByName("127.0.0.1"), first.getAddress());
        assertEquals(404, get(first, "/metrics").statusCode(), "no handler registered here");

        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        endpoint.modified(Map.of("http.enabled", true, "http.port", (long) free));
        assertEquals(free, endpoint.address().orElseThrow().getPort());
        assertEquals(404, get(endpoint.address().orElseThrow(), "/").statusCode());
        assertThrows(ConnectException.class, () -> get(first, "/"), "the old address is closed");

        endpoint.modified(Map.of("http.enabled", false, "http.port", (long) free));
        assertEquals(Optional.empty(), endpoint.address());
        assertThrows(ConnectException.class, () -> get(new InetSocketAddress("127.0.0.1", free), "/"));
    }

    @Test
    void aPortInUseLeavesTheEndpointOffUntilAChangeBinds() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            endpoint = new HttpEndpoint(null, Map.of("http.enabled", true, "http.port", (long) taken.getLocalPort()));
            assertEquals(Optional.empty(), endpoint.address(), "logged, not thrown: the daemon runs on");
            endpoint.modified(Map.of("http.enabled", true, "http.port", 0L));
            assertTrue(endpoint.address().isPresent());
        }
    }

    @Test
    void aHostThatIsNotOfThisMachineIsRefusedTheSameWay() {
        endpoint = new HttpEndpoint(null, Map.of("http.enabled", true, "http.host", "192.0.2.1", "http.port", 0L));
        assertEquals(Optional.empty(), endpoint.address());
        endpoint.modified(Map.of("http.enabled", true, "http.host", "no-such-host.invalid", "http.port", 0L));
        assertEquals(Optional.empty(), endpoint.address());
    }

    @Test
    void pathsAreExactAndOnlyReadMethodsAreAllowed() throws Exception {
        PathRouter router = new PathRouter();
        router.add("/metrics", exchange -> PathRouter.respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                "up 1\n".getBytes(StandardCharsets.UTF_8)));
        server = BoundServer.listen(new HttpSettings(true, "127.0.0.1", 0), router);
        InetSocketAddress address = server.address();

        HttpResponse<String> metrics = get(address, "/metrics");
        assertEquals(200, metrics.statusCode());
        assertEquals("up 1\n", metrics.body());
        assertEquals(Optional.of("text/plain; version=0.0.4; charset=utf-8"), metrics.headers().firstValue("Content-Type"));

        HttpResponse<String> other = get(address, "/metricsfoo");
        assertEquals(404, other.statusCode());
        assertEquals("no such path: /metricsfoo; paths: /metrics\n", other.body());

        HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri(address, "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals(Optional.of("GET, HEAD"), post.headers().firstValue("Allow"));

        HttpResponse<String> head = client.send(HttpRequest.newBuilder(uri(address, "/metrics"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
    }

    @Test
    void aFailingHandlerGets500AndTheServerServesOn() throws Exception {
        PathRouter router = new PathRouter();
        router.add("/boom", exchange -> {
            throw new IllegalStateException("boom");
        });
        server = BoundServer.listen(new HttpSettings(true, "127.0.0.1", 0), router);
        HttpResponse<String> boom = get(server.address(), "/boom");
        assertEquals(500, boom.statusCode());
        assertTrue(boom.body().contains("java.lang.IllegalStateException: boom"), boom.body());
        assertEquals(404, get(server.address(), "/").statusCode());
    }

    @Test
    void itsThreadsAreNamedDaemonThreads() throws Exception {
        server = BoundServer.listen(new HttpSettings(true, "127.0.0.1", 0), new PathRouter());
        get(server.address(), "/");
        List<Thread> ours = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("procdaemon-http-")).toList();
        assertTrue(!ours.isEmpty() && ours.size() <= BoundServer.THREADS, ours.toString());
        assertTrue(ours.stream().allMatch(Thread::isDaemon), ours.toString());
    }

    private HttpResponse<String> get(InetSocketAddress address, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(address, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(InetSocketAddress address, String path) {
        return URI.create("http://127.0.0.1:" + address.getPort() + path);
    }
}
