package io.procdaemon.itests.framework;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import com.sun.net.httpserver.HttpHandler;

/**
 * The HTTP endpoint's whiteboard inside the framework: an {@link HttpHandler} service of any bundle
 * with {@code procdaemon.http.path} is served at that exact path for as long as it is registered
 * (the health probes of the next issue come this way), beside the metrics bundle's own
 * {@code /metrics}; and the configuration bundle posts what became of a file to EventAdmin, which
 * the metrics count.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpEndpointTest extends InFrameworkTestSupport {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(BOUND_SECONDS)).build();
    private int port;

    /** A free port, chosen when the framework's configuration is built (outside the framework). */
    @Override
    protected Option[] extraOptions() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return withDaemonToml("hot_reload = true\n[http]\nenabled = true\nport = " + probe.getLocalPort() + "\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The test runs inside the framework, with classes of its own: the port is read back from etc/daemon.toml. */
    @Before
    public void readPort() throws IOException {
        String toml = Files.readString(configDirectory().resolve("daemon.toml"));
        Matcher line = Pattern.compile("(?m)^port = (\\d+)$").matcher(toml);
        assertTrue("port = N in etc/daemon.toml", line.find());
        port = Integer.parseInt(line.group(1));
    }

    @Test
    public void aHandlerServiceOfAnyBundleIsServedAtItsPathUntilItGoes() throws Exception {
        awaitStatus("/probe", status -> status == 404);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("procdaemon.http.path", "/probe");
        HttpHandler probe = exchange -> {
            byte[] body = "alive\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        };
        ServiceRegistration<HttpHandler> registration = context.registerService(HttpHandler.class, probe, properties);
        HttpResponse<String> served = awaitStatus("/probe", status -> status == 200);
        assertEquals("alive\n", served.body());
        assertEquals(200, get("/metrics").statusCode());

        registration.unregister();
        HttpResponse<String> gone = get("/probe");
        assertEquals(404, gone.statusCode());
        assertEquals("no such path: /probe; paths: /health/live, /health/ready, /health/started, /metrics\n", gone.body());
    }

    @Test
    public void aFileOfEtcAppliedOrRefusedIsPostedWithItsName() throws Exception {
        awaitStatus("/metrics", status -> status == 200); // counting from now on
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, "io/procdaemon/config/*");
        context.registerService(EventHandler.class, (EventHandler) events::add, properties);

        writeConfigFile("app.toml", "greeting = \n");
        Event refused = events.poll(BOUND_SECONDS, TimeUnit.SECONDS);
        assertNotNull("no event after a file that does not parse", refused);
        assertEquals("io/procdaemon/config/REFUSED", refused.getTopic());
        assertTrue(refused.toString(), refused.getProperty("file").toString().endsWith("/app.toml"));

        writeConfigFile("app.toml", "greeting = \"hello\"\n");
        Event applied = events.poll(BOUND_SECONDS, TimeUnit.SECONDS);
        assertNotNull("no event after the file was fixed", applied);
        assertEquals("io/procdaemon/config/APPLIED", applied.getTopic());
        assertEquals(refused.getProperty("file"), applied.getProperty("file"));

        HttpResponse<String> metrics = awaitStatus("/metrics", status -> status == 200);
        String series = "procdaemon_config_refusals_total{file=\"" + refused.getProperty("file") + "\"} 1.0";
        assertTrue(series + " in:\n" + metrics.body(), metrics.body().contains(series));
    }

    /** GETs until the status satisfies {@code wanted} (the metrics bundle starts last, at level 40). */
    private HttpResponse<String> awaitStatus(String path, IntPredicate wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        String last = "no response";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = get(path);
                if (wanted.test(response.statusCode())) {
                    return response;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(20); // the poll's interval, not a wait for something to happen
        }
        throw new AssertionError("GET " + path + " on 127.0.0.1:" + port + " within " + BOUND_SECONDS + " s; last: " + last);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
