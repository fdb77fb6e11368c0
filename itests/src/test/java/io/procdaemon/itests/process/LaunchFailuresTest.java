package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

/** Launches refused before the framework boots: planted symbolic links, a bad etc/startup.properties. */
public class LaunchFailuresTest extends ProcessTestSupport {

    private static final String PRECIOUS = "not the daemon's to write\n";

    @Test
    public void aSymlinkedPidFileIsRefusedAndItsTargetUntouched() throws Exception {
        Path target = plantSymlink("data/daemon.pid");

        DistributionHome.Result run = home.launcher("run").assertExit(FAILURE);
        assertTrue(run.output(), run.output().contains("symbolic link"));
        assertTrue(run.output(), run.output().contains("data/daemon.pid"));
        assertEquals("the link's target is untouched", PRECIOUS, Files.readString(target, StandardCharsets.UTF_8));
        assertTrue("the link is left in place", Files.isSymbolicLink(home.path("data/daemon.pid")));
    }

    @Test
    public void aSymlinkedLockFileIsRefusedAndItsTargetUntouched() throws Exception {
        Path target = plantSymlink("data/daemon.lock");

        DistributionHome.Result run = home.launcher("run").assertExit(FAILURE);
        assertTrue(run.output(), run.output().contains("symbolic link"));
        assertTrue(run.output(), run.output().contains("data/daemon.lock"));
        assertEquals("the link's target is untouched", PRECIOUS, Files.readString(target, StandardCharsets.UTF_8));
        assertFalse("no pid file written", Files.exists(home.path("data/daemon.pid")));
    }

    @Test
    public void aStartupLineNamingAMissingJarStopsTheLaunchWithExitCode5() throws Exception {
        Path startup = home.path("etc/startup.properties");
        List<String> lines = new ArrayList<>(Files.readAllLines(startup, StandardCharsets.UTF_8));
        lines.add("not-there-1.0.jar = 40");
        Files.write(startup, lines, StandardCharsets.UTF_8);
        int lineNumber = lines.size();

        DistributionHome.Result run = home.launcher("run").assertExit(BAD_CONFIGURATION);
        assertTrue(run.output(), run.output().contains("etc/startup.properties line " + lineNumber + ":"));
        assertTrue(run.output(), run.output().contains("not-there-1.0.jar"));
        assertFalse("no pid file left", Files.exists(home.path("data/daemon.pid")));
    }

    @Test
    public void aNonNumericStartLevelStopsRunAndStartWithExitCode5() throws Exception {
        Path startup = home.path("etc/startup.properties");
        List<String> lines = new ArrayList<>(Files.readAllLines(startup, StandardCharsets.UTF_8));
        int index = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("proc-daemon-core-")) {
                index = i;
            }
        }
        assertTrue("the shipped etc/startup.properties lists the core:\n" + lines, index >= 0);
        String jar = lines.get(index).substring(0, lines.get(index).indexOf('=')).strip();
        lines.set(index, jar + " = twenty");
        Files.write(startup, lines, StandardCharsets.UTF_8);
        String expected = "etc/startup.properties line " + (index + 1) + ":";

        DistributionHome.Result run = home.launcher("run").assertExit(BAD_CONFIGURATION);
        assertTrue(run.output(), run.output().contains(expected));
        assertTrue(run.output(), run.output().contains("'twenty'"));

        // start reports the daemon's own exit code and the reason.
        DistributionHome.Result start = home.launcher("start").assertExit(BAD_CONFIGURATION);
        assertTrue(start.output(), start.output().contains(expected));
        home.launcher("status").assertExit(NOT_RUNNING);
    }

    /** Plants a symbolic link at a path of the home, to a file outside it. @return the link's target */
    private Path plantSymlink(String relative) throws Exception {
        Path target = home.scratch("precious.txt");
        Files.writeString(target, PRECIOUS, StandardCharsets.UTF_8);
        Path link = home.path(relative);
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, target);
        return target;
    }
}
