package io.procdaemon.itests.process;

import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

/**
 * Supervision in the packaged daemon: the examples bundle deployed into a running distribution;
 * its failing subsystem restarts with backoff as a fresh instance, and SIGTERM stops the
 * subsystems users first.
 */
public class SupervisionProcessTest extends ProcessTestSupport {

    private static List<String> failures(String log) {
        return log.lines().filter(line -> line.contains("state=FAILED previous=RUNNING") && line.contains("flaky instance")).toList();
    }

    @Test
    public void aFailingSubsystemDeployedIntoARunningDaemonIsRestartedAndTheStopFollowsTheWiring() throws Exception {
        home.launcher("start").assertExit(OK);
        home.deploy("examples.jar", DistributionHome.examplesJar());

        String firstFailure = home.awaitLogLine("context=child_terminated state=FAILED previous=RUNNING reason=\"java.lang.IllegalStateException: flaky instance");
        home.awaitLogLine("context=restart state=RESTARTING previous=FAILED reason=\"policy exponentialBackoff: attempt 1 of 5");
        // the first failure's line carries its stack, whose first line names the instance too:
        // wait for the FAILED lines themselves
        DistributionHome.await("a second failure of flaky, from another instance",
                () -> failures(home.log()).size() >= 2, home::log);
        List<String> failures = failures(home.log());
        assertTrue(home.log(), failures.size() >= 2 && !failures.get(0).equals(failures.get(1)));
        assertTrue(firstFailure, failures.get(0).contains("flaky instance"));
        home.awaitLogLine("subsystem=reporter id=");
        home.awaitLogLine("report at");

        home.launcher("stop").assertExit(OK);
        List<String> lines = home.log().lines().toList();
        int reporterStopped = indexOf(lines, "subsystem=reporter", "state=STOPPED");
        int clockStopping = indexOf(lines, "subsystem=clock", "state=STOPPING");
        assertTrue("the reporter stops before the clock it uses:\n" + home.log(),
                reporterStopped >= 0 && clockStopping > reporterStopped);
        assertTrue(home.log(), DistributionHome.firstLine(home.log(), "final report at") != null);
        assertTrue(home.log(), DistributionHome.firstLine(home.log(), "proc-daemon stopped; exit code 0") != null);
    }

    private static int indexOf(List<String> lines, String... parts) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean all = true;
            for (String part : parts) {
                all &= line.contains(part);
            }
            if (all) {
                return i;
            }
        }
        return -1;
    }
}
