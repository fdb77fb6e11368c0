package io.procdaemon.itests.process;

import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.Test;

/** The launcher script's own answers: help, usage errors, no Java. No daemon starts here. */
public class LauncherCommandsTest extends ProcessTestSupport {

    @Test
    public void helpListsTheCommandsAndExitCodes() throws Exception {
        DistributionHome.Result help = home.launcher("help").assertExit(OK);
        for (String command : List.of("proc-daemon run", "proc-daemon start", "proc-daemon stop", "proc-daemon status",
                "proc-daemon help")) {
            assertTrue("help lists '" + command + "':\n" + help.output(), help.output().contains(command));
        }
        assertTrue(help.output(), help.output().contains("Exit codes"));
        assertTrue(help.output(), help.output().contains("JAVA_HOME"));
    }

    @Test
    public void noCommandPrintsUsageWithExitCode2() throws Exception {
        DistributionHome.Result none = home.launcher().assertExit(USAGE);
        assertTrue(none.output(), none.output().contains("proc-daemon start"));
    }

    @Test
    public void anUnknownCommandExitsWith2AndNamesIt() throws Exception {
        DistributionHome.Result unknown = home.launcher("frobnicate").assertExit(USAGE);
        assertTrue(unknown.output(), unknown.output().contains("unknown command 'frobnicate'"));
        assertTrue(unknown.output(), unknown.output().contains("run, start, stop, status, health, console, client, help"));
    }

    @Test
    public void runTakesNoArguments() throws Exception {
        DistributionHome.Result run = home.launcher("run", "--now").assertExit(USAGE);
        assertTrue(run.output(), run.output().contains("--now"));
    }

    @Test
    public void aJavaHomeWithoutJavaExitsWith6() throws Exception {
        for (String command : List.of("run", "start")) {
            DistributionHome.Result result = home.launcher(Map.of("JAVA_HOME", "/nonexistent"), command).assertExit(NO_JAVA);
            assertTrue(result.output(), result.output().contains("JAVA_HOME=/nonexistent"));
            assertTrue(result.output(), result.output().contains("bin/java"));
        }
        home.launcher("status").assertExit(NOT_RUNNING);
    }
}
