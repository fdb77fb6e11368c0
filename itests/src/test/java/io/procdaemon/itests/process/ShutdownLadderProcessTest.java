package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import io.procdaemon.itests.process.fixtures.HangingBundle;
import io.procdaemon.itests.process.fixtures.StubbornParticipant;

/**
 * The shutdown ladder's process-level rungs in a real daemon: fixture bundles that will not stop
 * are deployed before {@code run}, a real TERM is sent, and the process exit code is the verdict.
 */
public class ShutdownLadderProcessTest extends ProcessTestSupport {

    @Test
    public void aParticipantLeftAtTheGracefulDeadlineIsInterruptedAndTheExitCodeIs8() throws Exception {
        home.deploy("stubborn.jar", FixtureJars.stubbornParticipant());
        DistributionHome.Foreground daemon = home.runInForeground(deadlines(300, 3000, 6000));
        daemon.awaitLine(StubbornParticipant.REGISTERED);
        daemon.awaitReady();

        DistributionHome.kill("TERM", daemon.pid());
        assertEquals("exit code; output:\n" + daemon.output(), FORCED, daemon.awaitExit());
        String output = daemon.output();
        assertNotNull(output, DistributionHome.firstLine(output, "shutdown initiated: reason=Signal(15)"));
        String forced = DistributionHome.firstLine(output, "shutdown forced after");
        assertNotNull("the ladder reports forcing:\n" + output, forced);
        assertTrue(forced, forced.contains("graceful deadline of 300 ms passed"));
        assertTrue("names the participant it interrupted: " + forced, forced.contains("interrupted: [" + StubbornParticipant.NAME + "]"));
        assertNotNull("the worker saw the interrupt:\n" + output, DistributionHome.firstLine(output, StubbornParticipant.INTERRUPTED));
        assertNotNull(output, DistributionHome.firstLine(output, "proc-daemon stopped; exit code 8"));
    }

    @Test
    public void aSecondTermDuringAShutdownSkipsToForce() throws Exception {
        home.deploy("stubborn.jar", FixtureJars.stubbornParticipant());
        // Deadlines far beyond the test's wait bound: only the second TERM can end this in time.
        DistributionHome.Foreground daemon = home.runInForeground(deadlines(40_000, 50_000, 60_000));
        daemon.awaitLine(StubbornParticipant.REGISTERED);
        daemon.awaitReady();

        DistributionHome.kill("TERM", daemon.pid());
        daemon.awaitLine("shutdown initiated: reason=Signal(15)");
        DistributionHome.kill("TERM", daemon.pid());

        assertEquals("exit code; output:\n" + daemon.output(), FORCED, daemon.awaitExit());
        String output = daemon.output();
        assertNotNull(output, DistributionHome.firstLine(output, "SIGTERM received again during shutdown: skipping to force"));
        String forced = DistributionHome.firstLine(output, "shutdown forced after");
        assertNotNull(output, forced);
        assertTrue("forced by the signal, not by a deadline: " + forced, forced.contains("forced before the graceful deadline"));
        assertNull("the graceful deadline never passed:\n" + output, DistributionHome.firstLine(output, "graceful deadline of"));
        assertNotNull(output, DistributionHome.firstLine(output, StubbornParticipant.INTERRUPTED));
    }

    @Test
    public void aHangingExitIsHaltedAtTheKillDeadlineWithExitCode9() throws Exception {
        home.deploy("hanging.jar", FixtureJars.hangingBundle());
        DistributionHome.Foreground daemon = home.runInForeground(deadlines(300, 1000, 2000));
        daemon.awaitLine(HangingBundle.STARTED);
        daemon.awaitReady();

        DistributionHome.kill("TERM", daemon.pid());
        assertEquals("exit code; output:\n" + daemon.output(), KILLED, daemon.awaitExit());
        String output = daemon.output();
        assertNotNull("the framework got stuck stopping the bundle:\n" + output,
                DistributionHome.firstLine(output, HangingBundle.STOP_ENTERED));
        assertNotNull("the force rung exits with 8 first:\n" + output,
                DistributionHome.firstLine(output, "shutdown: force deadline passed"));
        // The last word must say why the process ended with 9.
        assertNotNull("a log line about the kill deadline:\n" + output,
                DistributionHome.firstLine(output, "kill deadline passed"));
    }
}
