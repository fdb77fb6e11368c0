package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Third-party bundles from Maven Central in deploy/, each with the fewest bundles it needs
 * (itests/pom.xml, copy-compatibility-bundles; docs/operations.md, "Third-party bundles"): Jackson,
 * Guava, Felix HTTP Jetty, Felix Web Console, Felix Health Checks, and SLF4J 2 through Aries SPI
 * Fly. One daemon start for all of them: every bundle is Active, and Jetty, configured by
 * {@code etc/org.apache.felix.http.toml}, answers on 127.0.0.1 with the Web Console, which counts
 * the framework's bundles all active too.
 */
public class CompatibilityProcessTest extends ProcessTestSupport {

    /** Every bundle the suite deploys, by symbolic name. */
    private static final List<String> BUNDLES = List.of(
            "com.fasterxml.jackson.core.jackson-core", "com.fasterxml.jackson.core.jackson-databind",
            "com.fasterxml.jackson.core.jackson-annotations",
            "com.google.guava", "com.google.guava.failureaccess",
            "org.apache.felix.http.jetty", "org.apache.felix.http.servlet-api",
            "org.apache.felix.webconsole", "org.apache.felix.inventory", "org.apache.commons.commons-fileupload",
            "org.apache.commons.commons-io", "org.owasp.encoder",
            "org.apache.felix.healthcheck.api", "org.apache.felix.healthcheck.core",
            "slf4j.api", "slf4j.simple", "org.apache.aries.spifly.dynamic.bundle", "org.objectweb.asm",
            "org.objectweb.asm.commons", "org.objectweb.asm.util", "org.objectweb.asm.tree",
            "org.objectweb.asm.tree.analysis");

    @Test
    public void jacksonGuavaFelixHttpWebConsoleHealthChecksAndSlf4jThroughSpiFlyAllActiveAndJettyAnswersOnLoopback()
            throws Exception {
        Path jars = Path.of(System.getProperty("procdaemon.compatibility"));
        try (Stream<Path> files = Files.list(jars)) {
            for (Path jar : files.filter(file -> file.toString().endsWith(".jar")).toList()) {
                home.deploy(jar.getFileName().toString(), jar);
            }
        }
        int port = freePort();
        Files.writeString(home.path("etc/org.apache.felix.http.toml"), """
                # Felix HTTP Jetty (PID org.apache.felix.http): this machine only, a port the test chose
                org.osgi.service.http.port = %d
                org.apache.felix.http.host = "127.0.0.1"
                """.formatted(port));

        // Ready means the bundles deploy/ held at boot are started or reported failing.
        home.launcher("start").assertExit(OK);

        Map<String, String> states = new TreeMap<>();
        for (String line : home.client("lb -s").assertExit(OK).output().lines().toList()) {
            String[] columns = line.split("\\|");
            if (columns.length >= 4 && columns[0].strip().matches("\\d+")) {
                states.put(columns[3].replaceFirst(" \\(.*", ""), columns[1].strip());
            }
        }
        for (String bundle : BUNDLES) {
            assertEquals(bundle + " in " + states, "Active", states.get(bundle));
        }

        String connector = home.awaitLogLine("{127.0.0.1:" + port + "}");
        assertTrue(connector, connector.contains("Started ServerConnector"));
        // Jetty restarted on the configured address; the Web Console's servlet comes back with it.
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/system/console/bundles.json"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.US_ASCII)))
                .timeout(DistributionHome.BOUND).build();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<HttpResponse<String>> console = new ArrayList<>();
        DistributionHome.await("the Web Console's bundles.json on 127.0.0.1:" + port, () -> {
            try {
                console.add(0, http.send(request, HttpResponse.BodyHandlers.ofString()));
                return console.get(0).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }, () -> console.isEmpty() ? "no answer" : console.get(0).statusCode() + " " + console.get(0).body());
        // "s": [total, active, active fragments, resolved, installed]
        String body = console.get(0).body();
        JsonNode counts = new ObjectMapper().readTree(body).get("s");
        assertEquals(body, counts.get(0).asInt(), counts.get(1).asInt());
        assertTrue(body, counts.get(0).asInt() > BUNDLES.size());
    }
}
