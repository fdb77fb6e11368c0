package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Test;

/** deploy/ of a running daemon (Felix FileInstall): install, update, uninstall, and bad drops reported by name. */
public class HotDeployTest extends ProcessTestSupport {

    private static final String EXAMPLES = "io.procdaemon.examples";

    @Test
    public void aBundleIsInstalledUpdatedAndUninstalledByFileOperations() throws Exception {
        home.launcher("start").assertExit(OK);

        Path deployed = home.deploy("examples.jar", DistributionHome.examplesJar());
        home.awaitLogLine("bundle started: " + EXAMPLES);
        assertNotNull(home.log(), DistributionHome.firstLine(home.log(), "bundle installed: " + EXAMPLES));

        // Same name and version, different content: FileInstall stops, updates and restarts it.
        home.deploy("examples.jar", FixtureJars.changedCopy(DistributionHome.examplesJar(), "1"));
        home.awaitLogLine("bundle updated: " + EXAMPLES);
        DistributionHome.await("the updated bundle to start again",
                () -> DistributionHome.countLines(home.log(), "bundle started: " + EXAMPLES) >= 2, home::log);
        List<String> lines = home.log().lines().toList();
        int stopped = indexOf(lines, "bundle stopped: " + EXAMPLES, 0);
        int updated = indexOf(lines, "bundle updated: " + EXAMPLES, 0);
        int restarted = indexOf(lines, "bundle started: " + EXAMPLES, updated);
        assertTrue("stopped, then updated, then started:\n" + home.log(), 0 <= stopped && stopped < updated && updated < restarted);
        assertEquals("an update, not a second install:\n" + home.log(), 1,
                DistributionHome.countLines(home.log(), "bundle installed: " + EXAMPLES));

        Files.delete(deployed);
        home.awaitLogLine("bundle uninstalled: " + EXAMPLES);

        assertNull("the hidden names written during the copies were never picked up:\n" + home.log(),
                DistributionHome.firstLine(home.log(), "/deploy/."));
        home.launcher("status").assertExit(OK);
    }

    @Test
    public void aBundleThatCannotResolveIsReportedByNameAndTheDaemonKeepsRunning() throws Exception {
        home.launcher("start").assertExit(OK);

        home.deploy("unresolvable.jar", FixtureJars.unresolvableBundle());
        String reason = home.awaitLogLine("does.not.exist");
        String log = home.log();
        assertNotNull("a warning or error naming the file:\n" + log, log.lines()
                .filter(line -> line.contains("deploy/unresolvable.jar"))
                .filter(line -> line.contains("WARNING") || line.contains("SEVERE") || line.contains("ERROR"))
                .findFirst().orElse(null));
        assertTrue("the reason names the bundle: " + reason, reason.contains(FixtureJars.UNRESOLVABLE_BSN));
        assertTrue("the reason is the missing package: " + reason, reason.contains("missing requirement"));

        assertValidBundleStillDeploysAndDaemonRuns();
    }

    /**
     * The same bundle already in deploy/ at the first boot. FileInstall starts before readiness
     * (level 30), below the deployed bundles' level (80); had it installed the jar then, its
     * start would have been put off, counted as failed, and the real failure later never logged
     * (the bundle sat there Installed, in silence). It reads deploy/ from level 80 on.
     */
    @Test
    public void aBundleThatCannotResolveIsReportedAlsoWhenItWasInDeployBeforeTheFirstBoot() throws Exception {
        home.deploy("unresolvable.jar", FixtureJars.unresolvableBundle());
        home.launcher("start").assertExit(OK);

        String reason = home.awaitLogLine("does.not.exist");
        assertTrue("the reason names the bundle: " + reason, reason.contains(FixtureJars.UNRESOLVABLE_BSN));
        assertTrue("the reason is the missing package: " + reason, reason.contains("missing requirement"));
        assertValidBundleStillDeploysAndDaemonRuns();
    }

    /** deploy/README.md: "A jar that is not a bundle [...] is reported in the log by name". */
    @Test
    public void aJarThatIsNotABundleIsReportedByNameAndTheDaemonKeepsRunning() throws Exception {
        home.launcher("start").assertExit(OK);

        home.deploy("not-a-bundle.jar", FixtureJars.plainJar());
        String report = home.awaitLogLine("not-a-bundle.jar");
        assertTrue("the report gives the reason: " + report, report.contains("no Bundle-SymbolicName"));
        assertValidBundleStillDeploysAndDaemonRuns();
    }

    private void assertValidBundleStillDeploysAndDaemonRuns() throws Exception {
        home.deploy("examples.jar", DistributionHome.examplesJar());
        home.awaitLogLine("bundle started: " + EXAMPLES);
        home.launcher("status").assertExit(OK);
    }

    private static int indexOf(List<String> lines, String text, int from) {
        for (int i = Math.max(0, from); i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
