package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;

import org.junit.Test;

/**
 * deploy/ is exactly what runs, also across a stop: at start, the bundles that came from
 * deploy/ are made to match the jars found there. FileInstall keeps no list of its own; it
 * rebuilds one from the installed bundles' locations, and the framework cache keeps those
 * bundles whatever happened to their files while the daemon was down.
 */
public class DeployAtStartTest extends ProcessTestSupport {

    private static final String EXAMPLES = "io.procdaemon.examples";

    @Test
    public void aJarRemovedWhileStoppedIsUninstalledAndAJarReplacedWhileStoppedIsUpdatedAtTheNextStart() throws Exception {
        home.launcher("start").assertExit(OK);
        home.deploy("examples.jar", DistributionHome.examplesJar());
        home.deploy("empty.jar", FixtureJars.emptyBundle());
        home.awaitLogLine("bundle started: " + EXAMPLES);
        home.awaitLogLine("bundle started: " + FixtureJars.EMPTY_BSN);
        home.launcher("stop").assertExit(OK);

        Files.delete(home.path("deploy/empty.jar"));
        home.deploy("examples.jar", FixtureJars.changedCopy(DistributionHome.examplesJar(), "while-stopped"));
        home.launcher("start").assertExit(OK);

        String uninstalled = home.awaitLogLine("bundle uninstalled: " + FixtureJars.EMPTY_BSN);
        String updated = home.awaitLogLine("bundle updated: " + EXAMPLES);
        home.awaitLogLine("subsystem=heartbeat id=");
        String log = home.log();
        assertEquals("one line names the removed file:\n" + log, 1, countLines(log, "uninstalled", "/deploy/empty.jar"));
        assertEquals("one line names the replaced file:\n" + log, 1, countLines(log, "updated", "/deploy/examples.jar"));
        assertEquals(uninstalled, true, uninstalled.contains("/deploy/empty.jar"));
        assertEquals(updated, true, updated.contains("/deploy/examples.jar"));
        assertEquals("not reported as a removed non-bundle:\n" + log, 0, countLines(log, "(not a bundle) removed"));

        // The next start has nothing left to reconcile.
        home.launcher("stop").assertExit(OK);
        home.launcher("start").assertExit(OK);
        DistributionHome.await("the examples bundle to start a third time",
                () -> DistributionHome.countLines(home.log(), "bundle started: " + EXAMPLES) >= 3, home::log);
        assertEquals(home.log(), 1, DistributionHome.countLines(home.log(), "bundle updated: " + EXAMPLES));
        assertEquals(home.log(), 1, DistributionHome.countLines(home.log(), "bundle installed: " + FixtureJars.EMPTY_BSN));
    }

    /** The file is still there, but no longer a bundle: the bundle it was goes, as it would while running. */
    @Test
    public void aBundleReplacedWhileStoppedByAJarThatIsNotABundleIsUninstalledAtTheNextStart() throws Exception {
        home.launcher("start").assertExit(OK);
        home.deploy("examples.jar", DistributionHome.examplesJar());
        home.awaitLogLine("bundle started: " + EXAMPLES);
        home.launcher("stop").assertExit(OK);

        home.deploy("examples.jar", FixtureJars.plainJar());
        home.launcher("start").assertExit(OK);

        // The launcher does it before the framework starts, so before the core reports bundle events.
        String uninstalled = home.awaitLogLine("/deploy/examples.jar was replaced while the daemon was stopped");
        assertEquals(uninstalled, true, uninstalled.contains("uninstalling " + EXAMPLES));
        home.awaitLogLine("examples.jar is not an OSGi bundle");
        assertEquals("no update of the old bundle:\n" + home.log(), 0,
                DistributionHome.countLines(home.log(), "bundle updated: " + EXAMPLES));

        // A bundle under that name again is installed again (not an update: the old one is gone).
        home.deploy("examples.jar", DistributionHome.examplesJar());
        DistributionHome.await("the examples bundle installed a second time",
                () -> DistributionHome.countLines(home.log(), "bundle installed: " + EXAMPLES) >= 2, home::log);
        DistributionHome.await("the examples bundle started again (it did not at the second start)",
                () -> DistributionHome.countLines(home.log(), "bundle started: " + EXAMPLES) >= 2, home::log);
    }

    private static long countLines(String log, String... parts) {
        return log.lines().filter(line -> {
            for (String part : parts) {
                if (!line.contains(part)) {
                    return false;
                }
            }
            return true;
        }).count();
    }
}
