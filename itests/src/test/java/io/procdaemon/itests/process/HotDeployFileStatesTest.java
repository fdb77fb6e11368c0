package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Test;

/**
 * deploy/ files that are not (yet) bundles: a jar is judged on what it is once complete, a
 * verdict of "not a bundle" never sticks to a file that later becomes one, and a directory
 * named like a jar is reported instead of passed over.
 */
public class HotDeployFileStatesTest extends ProcessTestSupport {

    private static final String EXAMPLES = "io.procdaemon.examples";

    /** As a copy over a slow link, or {@code dd} in chunks with pauses longer than a scan. */
    @Test
    public void aJarWrittenSlowlyIsInstalledOnceComplete() throws Exception {
        home.launcher("start").assertExit(OK);
        byte[] jar = Files.readAllBytes(DistributionHome.examplesJar());
        int half = jar.length / 2;

        try (OutputStream out = Files.newOutputStream(home.path("deploy/slow.jar"))) {
            out.write(jar, 0, half);
            out.flush();
            // The writer stalls until the daemon has looked at the partial file and said so.
            String partial = home.awaitLogLine("slow.jar");
            assertTrue(partial, partial.contains("cannot be read as a jar"));
            out.write(jar, half, jar.length - half);
        }

        home.awaitLogLine("bundle started: " + EXAMPLES);
        assertTrue(home.log(), home.awaitLogLine("bundle installed: " + EXAMPLES).contains("/deploy/slow.jar"));
    }

    @Test
    public void aJarThatIsNotABundleIsReportedOnceAndInstalledWhenReplacedByABundle() throws Exception {
        home.launcher("start").assertExit(OK);
        home.deploy("later.jar", FixtureJars.plainJar());
        String report = home.awaitLogLine("later.jar is not an OSGi bundle");
        assertTrue(report, report.contains("WARNING"));

        // Another bundle deployed and started means later scans have passed over later.jar.
        home.deploy("empty.jar", FixtureJars.emptyBundle());
        home.awaitLogLine("bundle started: " + FixtureJars.EMPTY_BSN);
        assertEquals("reported once, not at every scan:\n" + home.log(), 1,
                DistributionHome.countLines(home.log(), "later.jar is not an OSGi bundle"));

        home.deploy("later.jar", DistributionHome.examplesJar());
        home.awaitLogLine("bundle started: " + EXAMPLES);
        assertTrue(home.log(), home.awaitLogLine("bundle installed: " + EXAMPLES).contains("/deploy/later.jar"));
    }

    @Test
    public void aDirectoryNamedLikeAJarIsReportedByName() throws Exception {
        home.launcher("start").assertExit(OK);
        Path metaInf = Files.createDirectories(home.path("deploy/unpacked.jar/META-INF"));
        Files.writeString(metaInf.resolve("MANIFEST.MF"), "Manifest-Version: 1.0\n", StandardCharsets.UTF_8);

        String report = home.awaitLogLine("unpacked.jar is a directory, not a jar");
        assertTrue(report, report.contains("WARNING"));
        assertTrue(report, report.contains("/deploy/unpacked.jar"));

        home.deploy("examples.jar", DistributionHome.examplesJar());
        home.awaitLogLine("bundle started: " + EXAMPLES);
        assertEquals("reported once:\n" + home.log(), 1,
                DistributionHome.countLines(home.log(), "unpacked.jar is a directory, not a jar"));
        home.launcher("status").assertExit(OK);
    }
}
