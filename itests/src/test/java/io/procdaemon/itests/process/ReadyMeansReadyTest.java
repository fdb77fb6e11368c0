package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;

import org.junit.Test;

import io.procdaemon.itests.process.fixtures.SlowStartBundle;

/**
 * Ready means ready: {@code bin/proc-daemon start} returns (and {@code READY=1}, {@code /health/started}
 * and data/daemon.ready follow the same marker) once the core is up and the bundles deploy/ held at
 * boot are started or reported failing. Before, {@code start && client daemon:list} printed
 * "no subsystems": start returned before FileInstall had read deploy/.
 */
public class ReadyMeansReadyTest extends ProcessTestSupport {

    private static final String READY = "proc-daemon ready in ";

    @Test
    public void startReturnsOnceTheBundlesOfDeployRunOnAFirstBootAndWithAKeptCache() throws Exception {
        home.deploy("examples.jar", DistributionHome.examplesJar());

        home.launcher("start").assertExit(OK);
        assertHeartbeatListedAtOnce();
        assertSummaryBeforeReady(1, "deploy/ held 1 bundle at boot: 1 started");

        // The kept cache: the framework starts the bundle itself, and readiness waits for that too.
        home.launcher("stop").assertExit(OK);
        home.launcher("start").assertExit(OK);
        assertHeartbeatListedAtOnce();
        assertSummaryBeforeReady(2, "deploy/ held 1 bundle at boot: 1 started");
        home.launcher("health", "started").assertExit(OK);
    }

    @Test
    public void bundlesThatCannotResolveOrStartOrAreNoBundlesDoNotHoldTheStartAndAreNamed() throws Exception {
        home.deploy("examples.jar", DistributionHome.examplesJar());
        home.deploy("unresolvable.jar", FixtureJars.unresolvableBundle());
        home.deploy("throwing.jar", FixtureJars.throwingBundle());
        home.deploy("plain.jar", FixtureJars.plainJar());

        home.launcher("start").assertExit(OK);
        assertHeartbeatListedAtOnce();
        // The plain jar is no bundle: nothing waits for it, and the core names it (not a line here).
        assertSummaryBeforeReady(1, "deploy/ held 3 bundles at boot: 1 started, 2 failing (throwing.jar, unresolvable.jar)");
        home.awaitLogLine("plain.jar is not an OSGi bundle");
        home.launcher("health", "started").assertExit(OK);

        // The kept cache: the framework's own start of them fails the same way, and is waited for.
        home.launcher("stop").assertExit(OK);
        home.launcher("start").assertExit(OK);
        assertHeartbeatListedAtOnce();
        assertSummaryBeforeReady(2, "deploy/ held 3 bundles at boot: 1 started, 2 failing (throwing.jar, unresolvable.jar)");
    }

    @Test
    public void aBundleStillStartingWhenTheBoundRunsOutIsNamedAndTheDaemonIsReadyWithoutIt() throws Exception {
        home.deploy("slow.jar", FixtureJars.slowStartBundle());
        home.deploy("examples.jar", DistributionHome.examplesJar());

        home.launcher(javaOpts("-Dprocdaemon.ready.deploy.timeout.ms=1500"), "start").assertExit(OK);
        String log = home.log();
        assertTrue(log, log.contains(SlowStartBundle.START_ENTERED));
        assertFalse("the bundle was still starting:\n" + log, log.contains(SlowStartBundle.STARTED));
        // FileInstall starts deployed bundles one after the other on its one thread: whatever it
        // starts after the slow one waits too, and is named with it.
        String warning = DistributionHome.firstLine(log, "ready without waiting longer for");
        assertTrue(log, warning != null && warning.contains("slow.jar")
                && warning.contains(" of deploy/: not started after 1500 ms (procdaemon.ready.deploy.timeout.ms); still starting"));
        assertSummaryBeforeReady(1, "deploy/ held 2 bundles at boot: ");
        String summary = DistributionHome.firstLine(log, "deploy/ held 2 bundles at boot:");
        assertTrue(summary, summary.matches(".* still starting \\(([a-z]+\\.jar, )*slow\\.jar(, [a-z]+\\.jar)*\\)$"));
        home.launcher("health", "started").assertExit(OK);

        Files.writeString(home.path(SlowStartBundle.RELEASE_FILE), "go\n");
        home.awaitLogLine(SlowStartBundle.STARTED);
        home.awaitLogLine("bundle started: " + FixtureJars.SLOW_START_BSN);
        home.awaitLogLine("bundle started: io.procdaemon.examples");
        home.launcher("stop").assertExit(OK);
    }

    /** The examples' subsystems are known to the supervisor the moment start has returned. */
    private void assertHeartbeatListedAtOnce() {
        String list = home.client("daemon:list").assertExit(OK).output();
        assertTrue("daemon:list right after start:\n" + list + "\nlog:\n" + home.log(),
                list.lines().anyMatch(line -> line.startsWith("heartbeat ")));
    }

    /** The {@code n}th start's summary of deploy/ comes before its ready line. */
    private void assertSummaryBeforeReady(int n, String summary) {
        String log = home.log();
        int ready = nth(log, READY, n);
        assertTrue("no ready line #" + n + ":\n" + log, ready >= 0);
        int line = log.lastIndexOf("deploy/ held ", ready);
        assertTrue("no summary of deploy/ before ready line #" + n + ":\n" + log, line > nth(log, READY, n - 1));
        String text = log.substring(line, log.indexOf('\n', line));
        assertTrue(text, text.startsWith(summary));
        assertEquals(log, n, DistributionHome.countLines(log, READY));
    }

    private static int nth(String text, String part, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = text.indexOf(part, at + 1);
            if (at < 0) {
                return -1;
            }
        }
        return at;
    }
}
