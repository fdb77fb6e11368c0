package io.procdaemon.itests.process;

import static io.procdaemon.itests.process.DistributionHome.isRunning;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;

import org.junit.Test;

/** One daemon per home: data/daemon.lock is an OS lock, so a kill -9 never blocks the next start. */
public class InstanceLockTest extends ProcessTestSupport {

    @Test
    public void aSecondStartOrRunIsRefusedWhileTheDaemonRuns() throws Exception {
        home.launcher("start").assertExit(OK);
        String pid = home.readTrimmed("data/daemon.pid");
        assertNotNull(pid);

        DistributionHome.Result secondStart = home.launcher("start").assertExit(ALREADY_RUNNING);
        assertTrue("names the running pid: " + secondStart.output(), secondStart.output().contains("pid " + pid));

        // 'run' has no pid check in the script: the JVM's lock refuses it.
        DistributionHome.Result secondRun = home.launcher("run").assertExit(ALREADY_RUNNING);
        assertTrue("names the running pid: " + secondRun.output(), secondRun.output().contains("pid " + pid));
        assertTrue(secondRun.output(), secondRun.output().contains("proc-daemon: already running in "));
        assertFalse("one prefix: " + secondRun.output(), secondRun.output().contains("proc-daemon: proc-daemon"));

        assertTrue("the first daemon still runs", isRunning(Long.parseLong(pid)));
        assertEquals("the refused launches left the pid file alone", pid, home.readTrimmed("data/daemon.pid"));
        home.launcher("status").assertExit(OK);
    }

    @Test
    public void afterKill9TheStalePidFileIsReportedAndStartWorksAgain() throws Exception {
        home.launcher("start").assertExit(OK);
        String pid = home.readTrimmed("data/daemon.pid");
        assertNotNull(pid);

        DistributionHome.kill("KILL", Long.parseLong(pid));
        home.awaitExited(Long.parseLong(pid));
        assertEquals("kill -9 leaves the pid file", pid, home.readTrimmed("data/daemon.pid"));
        assertTrue("kill -9 leaves the lock file", Files.exists(home.path("data/daemon.lock")));

        DistributionHome.Result stale = home.launcher("status").assertExit(NOT_RUNNING);
        assertTrue("mentions the stale pid file: " + stale.output(), stale.output().contains("stale pid file"));
        assertTrue(stale.output(), stale.output().contains(pid));

        home.launcher("start").assertExit(OK);
        String newPid = home.readTrimmed("data/daemon.pid");
        assertNotNull(newPid);
        assertNotEquals("a new daemon", pid, newPid);
        assertEquals(newPid, home.readTrimmed("data/daemon.ready"));
        DistributionHome.Result status = home.launcher("status").assertExit(OK);
        assertTrue(status.output(), status.output().contains("pid " + newPid));
        home.launcher("stop").assertExit(OK);
    }
}
