package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.Test;

import io.procdaemon.itests.process.fixtures.RogueSubsystem;

/**
 * The daemon's API ({@code io.procdaemon.api}) comes from system/ only: a bundle in deploy/
 * that exports its own copy (here a higher version, which a resolver left alone would prefer)
 * is named in a warning, and every other bundle still wires to the daemon's copy, so its
 * subsystems are supervised, also after a restart (when the offender is already installed
 * before the daemon's own bundles resolve).
 */
public class DaemonApiSingleSourceTest extends ProcessTestSupport {

    private static final String EXAMPLES = "io.procdaemon.examples";
    /** What the supervisor logs of the examples' heartbeat subsystem, only if it supervises it. */
    private static final String HEARTBEAT = "subsystem=heartbeat id=";

    @Test
    public void aBundleExportingTheDaemonApiIsNamedAndDoesNotCaptureLaterSubsystems() throws Exception {
        home.launcher("start").assertExit(OK);
        home.deploy("rogue.jar", FixtureJars.rogueApiBundle(apiJar()));
        home.awaitLogLine("bundle started: " + FixtureJars.ROGUE_API_BSN);
        home.deploy("examples.jar", DistributionHome.examplesJar());
        home.awaitLogLine("bundle started: " + EXAMPLES);
        home.awaitLogLine(HEARTBEAT);

        String log = home.log();
        String ignored = DistributionHome.firstLine(log, "exports io.procdaemon.api");
        assertNotNull("a warning names the bundle exporting the daemon's API:\n" + log, ignored);
        assertTrue(ignored, ignored.contains("WARNING"));
        assertTrue(ignored, ignored.contains(FixtureJars.ROGUE_API_BSN + " 1.0.0"));
        assertTrue(ignored, ignored.contains("/deploy/rogue.jar"));
        assertEquals("once per bundle, not per resolve:\n" + log, 1, DistributionHome.countLines(log, "exports io.procdaemon.api"));

        String unsupervised = home.awaitLogLine("subsystem service not supervised");
        assertTrue(unsupervised, unsupervised.contains("WARNING"));
        assertTrue(unsupervised, unsupervised.contains(FixtureJars.ROGUE_API_BSN));
        assertTrue(unsupervised, unsupervised.contains(RogueSubsystem.NAME));

        home.launcher("stop").assertExit(OK);
        long heartbeatLinesBefore = DistributionHome.countLines(home.log(), HEARTBEAT);
        home.launcher("start").assertExit(OK);
        DistributionHome.await("heartbeat supervised again after the restart",
                () -> DistributionHome.countLines(home.log(), HEARTBEAT) > heartbeatLinesBefore, home::log);
        home.launcher("status").assertExit(OK);
    }

    private Path apiJar() throws IOException {
        try (Stream<Path> jars = Files.list(home.path("system"))) {
            return jars.filter(jar -> jar.getFileName().toString().startsWith("proc-daemon-api-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no proc-daemon-api-*.jar in " + home.path("system")));
        }
    }
}
