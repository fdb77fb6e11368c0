package io.procdaemon.itests.process;

import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import org.junit.Test;

/** etc/daemon.toml of the packaged distribution: boot refusal, live edits, bad edits, the environment. */
public class ConfigurationProcessTest extends ProcessTestSupport {

    private void writeDaemonToml(String toml) throws Exception {
        Path hidden = home.path("etc/.daemon.toml.part");
        Files.writeString(hidden, toml, StandardCharsets.UTF_8);
        Files.move(hidden, home.path("etc/daemon.toml"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    public void anInvalidDaemonTomlStopsTheBootWithExitCode5NamingFileLineAndKey() throws Exception {
        writeDaemonToml("[shutdown]\ngraceful = 20000\nforce = 10000\nkill = 30000\n");
        DistributionHome.Result run = home.launcher("run");
        run.assertExit(BAD_CONFIGURATION);
        assertTrue(run.output(), run.output().contains("etc/daemon.toml line 3, column 1, key 'shutdown.force'"));
        assertTrue(run.output(), run.output().contains("shutdown.graceful"));
        assertTrue(run.output(), run.output().contains("refusing to start"));
        home.launcher("status").assertExit(NOT_RUNNING);

        DistributionHome.Result start = home.launcher("start");
        start.assertExit(BAD_CONFIGURATION);
        assertTrue(start.output(), start.output().contains("failed to start (exit code 5)"));
        assertTrue("never announced ready", !Files.exists(home.path("data/daemon.ready")));
    }

    @Test
    public void aLiveEditIsAppliedAndABadOneRefusedWhileTheDaemonRuns() throws Exception {
        home.launcher("start").assertExit(OK);
        home.awaitLogLine("etc/daemon.toml applied");
        writeDaemonToml("hot_reload = true\n[logging]\nlevel = \"debug\"\n[shutdown]\ngraceful = 4000\nforce = 8000\nkill = 12000\n");
        home.awaitLogLine("shutdown timeouts set: graceful=4000ms force=8000ms kill=12000ms");
        home.awaitLogLine("log level set to debug");

        writeDaemonToml("hot_reload = true\n[shutdown]\ngraceful = \"soon\"\n");
        String problem = home.awaitLogLine("etc/daemon.toml line 3, column 1, key 'shutdown.graceful'");
        assertTrue(problem, problem.contains("shutdown.graceful"));
        home.awaitLogLine("configuration io.procdaemon.daemon stays as it was");
        home.launcher("status").assertExit(OK);
        home.launcher("stop").assertExit(OK);
        assertTrue(home.log(), DistributionHome.firstLine(home.log(), "graceful=4000ms force=8000ms kill=12000ms participants") != null);
    }

    @Test
    public void theEnvironmentOverridesTheFile() throws Exception {
        home.launcher(Map.of("DAEMON_SHUTDOWN__GRACEFUL", "2500"), "start").assertExit(OK);
        String applied = home.awaitLogLine("etc/daemon.toml applied");
        assertTrue(applied, applied.contains("from the environment: [shutdown.graceful]"));
        home.launcher("stop").assertExit(OK);
        assertTrue(home.log(), DistributionHome.firstLine(home.log(), "graceful=2500ms") != null);
    }

    @Test
    public void aBadEnvironmentValueStopsTheBootNamingTheVariable() throws Exception {
        DistributionHome.Result run = home.launcher(Map.of("DAEMON_SHUTDOWN__GRACEFUL", "soon"), "run");
        run.assertExit(BAD_CONFIGURATION);
        assertTrue(run.output(), run.output().contains("DAEMON_SHUTDOWN__GRACEFUL"));
    }

    @Test
    public void aFileDeletedWhileTheDaemonWasDownIsReconciledAtTheNextStart() throws Exception {
        Files.writeString(home.path("etc/org.acme.gone.toml"), "value = 1\n");
        home.launcher("start").assertExit(OK);
        home.awaitLogLine("etc/org.acme.gone.toml applied: configuration org.acme.gone");
        home.launcher("stop").assertExit(OK);

        Files.delete(home.path("etc/org.acme.gone.toml"));
        home.launcher("start").assertExit(OK);
        home.awaitLogLine("etc/org.acme.gone.toml no longer exists: configuration org.acme.gone deleted");
        home.launcher("stop").assertExit(OK);
    }

    @Test
    public void anUnchangedFileIsNotTranslatedAgainAtTheNextStartButANewEnvironmentIs() throws Exception {
        home.launcher("start").assertExit(OK);
        home.awaitLogLine("etc/daemon.toml applied");
        home.launcher("stop").assertExit(OK);

        home.launcher("start").assertExit(OK);
        home.launcher("stop").assertExit(OK);
        assertTrue("applied once, kept by ConfigAdmin since:\n" + home.log(),
                DistributionHome.countLines(home.log(), "etc/daemon.toml applied") == 1);
        assertTrue(home.log(), DistributionHome.countLines(home.log(), "graceful=5000ms force=10000ms kill=15000ms participants") == 2);

        home.launcher(Map.of("DAEMON_SHUTDOWN__GRACEFUL", "2500"), "start").assertExit(OK);
        home.awaitLogLine("from the environment: [shutdown.graceful]");
        home.launcher("stop").assertExit(OK);
        assertTrue(home.log(), DistributionHome.firstLine(home.log(), "graceful=2500ms") != null);
    }
}
