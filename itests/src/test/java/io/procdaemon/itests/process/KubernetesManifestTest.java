package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The container recipe and the Kubernetes manifests of bin/contrib, checked without a cluster or a
 * container engine (this machine has neither): their settings against the daemon's contract, and
 * the tarball run with the Deployment's environment and a ConfigMap-shaped folder of the
 * ConfigMap's data, its probe paths asked on the endpoint. What only a kubelet or an image build
 * can show is reviewed on paper (docs/operations.md, "Running on Kubernetes").
 */
public class KubernetesManifestTest extends ProcessTestSupport {

    private static final String HOME_IN_IMAGE = "/opt/proc-daemon";

    @Test
    public void theDeploymentKeepsTheDaemonsContract() throws IOException {
        Map<String, Object> deployment = document("Deployment");
        Map<String, Object> pod = map(map(map(deployment, "spec"), "template"), "spec");
        Map<String, Object> container = list(pod, "containers").get(0);
        Map<String, String> env = env(container);

        long graceMillis = ((Number) pod.get("terminationGracePeriodSeconds")).longValue() * 1000;
        assertTrue("terminationGracePeriodSeconds above the kill deadline", graceMillis > shippedKillMillis());
        Map<String, Object> security = map(pod, "securityContext");
        assertEquals(true, security.get("runAsNonRoot"));
        assertEquals(containerfileUid(), String.valueOf(security.get("runAsUser")));

        assertEquals("true", env.get("DAEMON_HTTP__ENABLED"));
        assertEquals("the kubelet probes the pod's address", "0.0.0.0", env.get("DAEMON_HTTP__HOST"));
        Map<String, Object> port = list(container, "ports").get(0);
        assertEquals(env.get("DAEMON_HTTP__PORT"), String.valueOf(port.get("containerPort")));
        assertEquals(containerfile().get("EXPOSE"), String.valueOf(port.get("containerPort")));
        Map<String, String> probes = Map.of("startupProbe", "/health/started", "livenessProbe", "/health/live",
                "readinessProbe", "/health/ready");
        probes.forEach((probe, path) -> {
            Map<String, Object> get = map(map(container, probe), "httpGet");
            assertEquals(probe, path, get.get("path"));
            assertEquals(probe, port.get("name"), get.get("port"));
        });

        Map<String, Object> mount = list(container, "volumeMounts").stream()
                .filter(m -> "conf".equals(m.get("name"))).findFirst().orElseThrow();
        assertFalse("subPath files are never updated by the kubelet", mount.containsKey("subPath"));
        assertTrue(env.get("JAVA_OPTS"), env.get("JAVA_OPTS").contains("-Dprocdaemon.config.dir=" + mount.get("mountPath")));
        Map<String, Object> volume = list(pod, "volumes").stream().filter(v -> "conf".equals(v.get("name")))
                .findFirst().orElseThrow();
        assertEquals(map(document("ConfigMap"), "metadata").get("name"), map(volume, "configMap").get("name"));
    }

    @Test
    public void theContainerfileRunsTheDaemonAsPidOneAndNotAsRoot() throws IOException {
        Map<String, String> image = containerfile();
        assertEquals("[\"" + HOME_IN_IMAGE + "/bin/proc-daemon\", \"run\"]", image.get("ENTRYPOINT"));
        assertEquals("procdaemon", image.get("USER"));
        assertEquals(HOME_IN_IMAGE, image.get("WORKDIR"));
        assertTrue(image.get("VOLUME"), image.get("VOLUME").contains(HOME_IN_IMAGE + "/data")
                && image.get("VOLUME").contains(HOME_IN_IMAGE + "/log"));
    }

    /** The tarball with the Deployment's environment and its ConfigMap laid out as the kubelet mounts it. */
    @Test
    public void theTarballWithTheDeploymentsEnvironmentAnswersTheProbesAndReadsTheConfigMap() throws Exception {
        Map<String, Object> container = list(map(map(map(document("Deployment"), "spec"), "template"), "spec"),
                "containers").get(0);
        Map<String, String> env = new HashMap<>(env(container));
        Path conf = home.path("conf");
        Path generation = Files.createDirectories(conf.resolve("..2026_12_01_00_00_00.000000001"));
        for (Map.Entry<String, Object> file : map(document("ConfigMap"), "data").entrySet()) {
            Files.writeString(generation.resolve(file.getKey()), String.valueOf(file.getValue()), StandardCharsets.UTF_8);
            Files.createSymbolicLink(conf.resolve(file.getKey()), Path.of("..data", file.getKey()));
        }
        Files.createSymbolicLink(conf.resolve("..data"), generation.getFileName());
        // The image's paths become the test home's; a free port instead of the fixed one, and
        // 127.0.0.1 instead of every interface, on a shared machine.
        env.put("JAVA_OPTS", env.get("JAVA_OPTS").replace(HOME_IN_IMAGE, home.home().toString()));
        env.put("DAEMON_HTTP__PORT", "0");
        env.put("DAEMON_HTTP__HOST", "127.0.0.1");

        DistributionHome.Foreground daemon = home.runInForeground(env);
        daemon.awaitReady();
        daemon.awaitLine(conf + " is a ConfigMap mount (..data)");
        Matcher listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)")
                .matcher(daemon.awaitLine("http endpoint: listening on"));
        assertTrue(listening.find());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (String path : List.of("/health/started", "/health/live", "/health/ready")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + listening.group(1) + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(path + ": " + response.body(), 200, response.statusCode());
        }
        assertTrue(daemon.output(), daemon.output().contains("conf/daemon.toml applied"));
        DistributionHome.kill("TERM", daemon.pid());
        assertEquals(daemon.output(), OK, daemon.awaitExit());
    }

    // --- reading the files ----------------------------------------------------------------------

    private Map<String, Object> document(String kind) throws IOException {
        try (Reader reader = Files.newBufferedReader(home.path("bin/contrib/kubernetes.yaml"), StandardCharsets.UTF_8)) {
            for (Object document : new Yaml().loadAll(reader)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) document;
                if (kind.equals(map.get("kind"))) {
                    return map;
                }
            }
        }
        throw new AssertionError("no " + kind + " in bin/contrib/kubernetes.yaml");
    }

    /** The Containerfile's instructions, the last of each kind, continuation lines joined. */
    private Map<String, String> containerfile() throws IOException {
        Map<String, String> instructions = new HashMap<>();
        String joined = Files.readString(home.path("bin/contrib/Containerfile"), StandardCharsets.UTF_8).replace("\\\n", " ");
        for (String line : joined.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int space = line.indexOf(' ');
                instructions.put(line.substring(0, space), line.substring(space + 1).strip());
            }
        }
        return instructions;
    }

    private String containerfileUid() throws IOException {
        String all = Files.readString(home.path("bin/contrib/Containerfile"), StandardCharsets.UTF_8);
        Matcher uid = Pattern.compile("useradd [^\\n]*--uid (\\d+)").matcher(all);
        assertTrue("the Containerfile creates its account with a fixed uid", uid.find());
        return uid.group(1);
    }

    private long shippedKillMillis() throws IOException {
        Matcher kill = Pattern.compile("(?m)^kill = (\\d+)").matcher(Files.readString(home.path("etc/daemon.toml")));
        assertTrue(kill.find());
        return Long.parseLong(kill.group(1));
    }

    private static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new HashMap<>();
        for (Map<String, Object> variable : list(container, "env")) {
            env.put(String.valueOf(variable.get("name")), String.valueOf(variable.get("value")));
        }
        return env;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertTrue(key + " in " + parent.keySet(), value instanceof Map);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertTrue(key + " in " + parent.keySet(), value instanceof List);
        return new ArrayList<>((List<Map<String, Object>>) value);
    }
}
