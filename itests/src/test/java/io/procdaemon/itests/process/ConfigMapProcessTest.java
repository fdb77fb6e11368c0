package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import org.junit.Test;

/**
 * etc/ as Kubernetes mounts a ConfigMap: every file is a symbolic link into {@code ..data}, itself
 * a link to a timestamped folder; an update writes a new folder, points a new link at it and
 * renames that link over {@code ..data} (one atomic step), then deletes the old folder. The test
 * lays etc/ out exactly so and swaps it the kubelet's way.
 */
public class ConfigMapProcessTest extends ProcessTestSupport {

    private static final String HEARTBEAT = "io.procdaemon.examples.Heartbeat.toml";
    private int generation;

    @Test
    public void aSwappedConfigMapIsAppliedLiveAndABadOneIsRefusedWithTheLastGoodKept() throws Exception {
        Path etc = home.path("etc");
        String daemonToml = Files.readString(etc.resolve("daemon.toml"), StandardCharsets.UTF_8);
        mount(etc, Map.of("daemon.toml", daemonToml, HEARTBEAT, "interval = 200\nlabel = \"first\"\n"));
        home.deploy("examples.jar", DistributionHome.examplesJar());

        DistributionHome.Foreground daemon = home.runInForeground(Map.of());
        daemon.awaitReady();
        daemon.awaitLine("heartbeat] first 1"); // configured at its activation, before the first beat

        update(etc, Map.of("daemon.toml", daemonToml, HEARTBEAT, "interval = 300\nlabel = \"second\"\n"));
        daemon.awaitLine("heartbeat reconfigured: every 300 ms as 'second'");

        update(etc, Map.of("daemon.toml", daemonToml, HEARTBEAT, "interval = 5\nlabel = \"third\"\n"));
        String refused = daemon.awaitLine(HEARTBEAT + " line 1");
        assertTrue(refused, refused.contains("interval"));
        assertEquals(daemon.output(), 0, DistributionHome.countLines(daemon.output(), "as 'third'"));

        update(etc, Map.of("daemon.toml", daemonToml, HEARTBEAT, "interval = 400\nlabel = \"fourth\"\n"));
        daemon.awaitLine("heartbeat reconfigured: every 400 ms as 'fourth'");
        assertTrue(daemon.output(), daemon.output().contains("is a ConfigMap mount (..data)"));
        assertTrue(daemon.output(), daemon.output().contains("..data replaced (a ConfigMap update): re-reading"));
        assertTrue("no file of the mount's own folders is taken for a configuration: " + daemon.output(),
                daemon.output().lines().filter(line -> line.contains(" applied: ") || line.contains("refus"))
                        .noneMatch(line -> line.contains("/..") || line.contains("etc/..")));

        DistributionHome.kill("TERM", daemon.pid());
        assertEquals(daemon.output(), OK, daemon.awaitExit());
    }

    /** Replaces etc/'s files with a ConfigMap mount of these. */
    private void mount(Path etc, Map<String, String> files) throws IOException {
        for (String name : files.keySet()) {
            Files.deleteIfExists(etc.resolve(name));
        }
        Path folder = writeGeneration(etc, files);
        Files.createSymbolicLink(etc.resolve("..data"), folder.getFileName());
        for (String name : files.keySet()) {
            Files.createSymbolicLink(etc.resolve(name), Path.of("..data", name));
        }
    }

    /** The kubelet's update: a new folder, a new link renamed over ..data, the old folder deleted. */
    private void update(Path etc, Map<String, String> files) throws IOException {
        Path old = etc.resolve("..data").toRealPath();
        Path folder = writeGeneration(etc, files);
        Path link = etc.resolve("..data_tmp");
        Files.createSymbolicLink(link, folder.getFileName());
        Files.move(link, etc.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        for (Path file : List.of(Files.list(old).toArray(Path[]::new))) {
            Files.delete(file);
        }
        Files.delete(old);
    }

    private Path writeGeneration(Path etc, Map<String, String> files) throws IOException {
        Path folder = Files.createDirectory(etc.resolve("..2026_12_01_10_00_0" + (++generation) + ".123456789"));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(folder.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
        return folder;
    }
}
