package io.procdaemon.core.supervisor;

import static io.procdaemon.api.SubsystemState.FAILED;
import static io.procdaemon.api.SubsystemState.RESTARTING;
import static io.procdaemon.api.SubsystemState.RUNNING;
import static io.procdaemon.api.SubsystemState.STARTING;
import static io.procdaemon.api.SubsystemState.STOPPED;
import static io.procdaemon.api.SubsystemState.STOPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.procdaemon.api.Health;
import io.procdaemon.api.RestartPolicy;
import io.procdaemon.api.ShutdownHandle;
import io.procdaemon.api.ShutdownReason;
import io.procdaemon.api.Subsystem;
import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.SubsystemState;

/**
 * The state machine of one subsystem, event by event, on a clock the test moves and an edge that
 * records what the machine asks for. No threads, no sleeps: each test is the exact order of events
 * that the supervisor's loop would deliver.
 */
class SubsystemMachineTest {

    /** A clock that moves only when told. */
    static final class ManualClock implements SupervisorClock {
        long nanos = 1_000_000_000L;

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public Instant now() {
            return Instant.ofEpochSecond(0, nanos);
        }

        void advance(Duration by) {
            nanos += by.toNanos();
        }
    }

    /** Records every decision; timers are kept to be fired by the test. */
    static final class RecordingEdge implements SubsystemMachine.Edge {
        final List<Run> launched = new ArrayList<>();
        final List<String> effects = new ArrayList<>();
        final List<SubsystemState> transitions = new ArrayList<>();
        final Map<SubsystemMachine.Timer, Long> timers = new HashMap<>();
        final Map<SubsystemMachine.Timer, Duration> delays = new HashMap<>();
        final List<Run.Check> checks = new ArrayList<>();
        SubsystemMachine machine;

        @Override
        public void launch(Run run) {
            launched.add(run);
            effects.add("launch " + run.number);
        }

        @Override
        public void cancel(Run run, ShutdownReason reason) {
            effects.add("cancel " + run.number);
        }

        @Override
        public void force(Run run) {
            effects.add("force " + run.number);
        }

        @Override
        public void startCheck(Run run, Run.Check check) {
            checks.add(check);
            effects.add("check " + run.number);
        }

        @Override
        public void interrupt(Run.Check check) {
            effects.add("interrupt check");
        }

        @Override
        public void schedule(SubsystemMachine.Timer timer, long token, Duration delay) {
            timers.put(timer, token);
            delays.put(timer, delay);
        }

        @Override
        public void transition(SubsystemInfo info, SubsystemState previous, String context, String reason) {
            // A report may read the supervisor (Supervisor.subsystems()): the machine holds no lock.
            assertSame(info, machine == null ? info : machine.info());
            transitions.add(info.state());
        }

        @Override
        public void report(String context, String reason) {
            effects.add(context + ": " + reason);
        }

        @Override
        public void intensityReached(String reason, boolean escalate) {
            effects.add("intensity" + (escalate ? " escalate" : ""));
        }

        Run lastRun() {
            return launched.get(launched.size() - 1);
        }

        List<SubsystemState> takeTransitions() {
            List<SubsystemState> taken = List.copyOf(transitions);
            transitions.clear();
            return taken;
        }
    }

    private static final Subsystem INSTANCE = ShutdownHandle::awaitShutdown;

    private final ManualClock clock = new ManualClock();
    private final RecordingEdge edge = new RecordingEdge();

    private SubsystemMachine machine(Map<String, ?> properties) {
        SubsystemMachine machine = new SubsystemMachine(1, "worker", properties, Duration.ZERO, clock, () -> 0.0, edge);
        edge.machine = machine;
        return machine;
    }

    /** Starts a run and lets it get its instance: RUNNING. */
    private Run running(SubsystemMachine machine, RestartPolicy codePolicy) {
        machine.start();
        Run run = edge.lastRun();
        machine.runStarted(run, INSTANCE, codePolicy, null);
        return run;
    }

    /** The run returns (or throws) and its instance is released. */
    private static void ends(SubsystemMachine machine, Run run, Throwable failure) {
        machine.runReturned(run, failure);
        machine.runEnded(run);
    }

    private void fire(SubsystemMachine machine, SubsystemMachine.Timer timer) {
        machine.timerFired(timer, edge.timers.get(timer));
    }

    // --- the common life -----------------------------------------------------------------------------

    @Test
    void aRunStartsRunsAndEndsAndThePolicyDecidesWhatFollows() {
        SubsystemMachine machine = machine(Map.of());
        Run run = running(machine, RestartPolicy.never());
        assertEquals(List.of(STARTING, RUNNING), edge.takeTransitions());
        ends(machine, run, null);
        assertEquals(List.of(STOPPED), edge.takeTransitions());
        assertTrue(edge.effects.contains("no_restart: policy never"));

        machine.operatorStart(null);
        Run second = edge.lastRun();
        machine.runStarted(second, INSTANCE, RestartPolicy.never(), null);
        ends(machine, second, new IllegalStateException("boom"));
        assertEquals(List.of(STARTING, RUNNING, FAILED), edge.takeTransitions());
        assertEquals("java.lang.IllegalStateException: boom", machine.info().lastError().orElseThrow().message());
    }

    @Test
    void aRestartWaitsInRestartingForItsTimerAndReportsInOrder() {
        SubsystemMachine machine = machine(Map.of());
        Run run = running(machine, RestartPolicy.exponentialBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), 5));
        edge.takeTransitions();
        ends(machine, run, new RuntimeException("down"));
        assertEquals(List.of(FAILED, RESTARTING), edge.takeTransitions());
        assertEquals(Duration.ofMillis(100), edge.delays.get(SubsystemMachine.Timer.RESTART));
        assertEquals(1, edge.launched.size());

        fire(machine, SubsystemMachine.Timer.RESTART);
        assertEquals(List.of(STARTING), edge.takeTransitions());
        assertEquals(2, edge.launched.size());
        assertEquals(1, machine.info().restartCount());
    }

    @Test
    void eventsOfAnEarlierRunChangeNothing() {
        SubsystemMachine machine = machine(Map.of());
        Run first = running(machine, RestartPolicy.always());
        ends(machine, first, null);
        fire(machine, SubsystemMachine.Timer.RESTART);
        Run second = edge.lastRun();
        edge.takeTransitions();

        machine.runReturned(first, new RuntimeException("late"));
        machine.runEnded(first);
        machine.runStarted(first, INSTANCE, RestartPolicy.never(), null);
        assertEquals(List.of(), edge.takeTransitions());
        assertEquals(STARTING, machine.info().state());
        machine.runStarted(second, INSTANCE, RestartPolicy.always(), null);
        assertEquals(List.of(RUNNING), edge.takeTransitions());
    }

    // --- operators ----------------------------------------------------------------------------------

    @Test
    void anOperatorsStopHoldsItStoppedWhateverThePolicy() {
        SubsystemMachine machine = machine(Map.of());
        Run run = running(machine, RestartPolicy.always());
        edge.takeTransitions();
        CompletableFuture<SubsystemInfo> ended = new CompletableFuture<>();
        machine.stop(Run.StopCause.OPERATOR, ShutdownReason.REQUESTED, ended);
        assertEquals(List.of("launch 1", "cancel 1"), edge.effects);
        assertEquals(List.of(STOPPING), edge.takeTransitions());
        assertFalse(ended.isDone());

        ends(machine, run, null);
        assertEquals(List.of(STOPPED), edge.takeTransitions());
        assertTrue(ended.isDone());
        assertTrue(ended.join().held());
        assertEquals(1, edge.launched.size());
    }

    @Test
    void anOperatorsStartWhileTheRunEndsStartsOnceItHasEnded() {
        SubsystemMachine machine = machine(Map.of());
        Run run = running(machine, RestartPolicy.never());
        machine.stop(Run.StopCause.OPERATOR, ShutdownReason.REQUESTED, new CompletableFuture<>());
        machine.operatorStart("restarted by operator");
        assertEquals(1, edge.launched.size());
        edge.takeTransitions();

        ends(machine, run, null);
        assertEquals(List.of(STOPPED, STARTING), edge.takeTransitions());
        assertEquals(2, edge.launched.size());
        assertFalse(machine.info().held());
    }

    @Test
    void anOperatorsStartCountsTheIntensityAfresh() {
        SubsystemMachine machine = machine(Map.of(SubsystemSettings.INTENSITY, 1));
        Run run = running(machine, RestartPolicy.always());
        ends(machine, run, null);
        fire(machine, SubsystemMachine.Timer.RESTART);
        run = edge.lastRun();
        machine.runStarted(run, INSTANCE, RestartPolicy.always(), null);
        ends(machine, run, null);
        assertEquals(FAILED, machine.info().state());
        assertTrue(edge.effects.contains("intensity"));

        machine.operatorStart(null);
        run = edge.lastRun();
        machine.runStarted(run, INSTANCE, RestartPolicy.always(), null);
        ends(machine, run, null);
        assertEquals(RESTARTING, machine.info().state());
    }

    @Test
    void anOperatorsStartOfOneWaitingToRestartRestartsNowAndTheOldTimerIsIgnored() {
        SubsystemMachine machine = machine(Map.of());
        Run run = running(machine, RestartPolicy.exponentialBackoff(Duration.ofSeconds(10), Duration.ofSeconds(30), 5));
        ends(machine, run, new RuntimeException());
        long staleTimer = edge.timers.get(SubsystemMachine.Timer.RESTART);
        machine.operatorStart(null);
        assertEquals(2, edge.launched.size());
        machine.timerFired(SubsystemMachine.Timer.RESTART, staleTimer);
        assertEquals(2, edge.launched.size());
    }

    @Test
    void aStopWhileWaitingToRestartStopsAtOnceAndTheTimerIsIgnored() {
        SubsystemMachine machine = machine(Map.of());
        Run run = running(machine, RestartPolicy.exponentialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 5));
        ends(machine, run, new RuntimeException());
        long timer = edge.timers.get(SubsystemMachine.Timer.RESTART);
        edge.takeTransitions();
        CompletableFuture<SubsystemInfo> ended = new CompletableFuture<>();
        machine.stop(Run.StopCause.OPERATOR, ShutdownReason.REQUESTED, ended);
        assertEquals(List.of(STOPPED), edge.takeTransitions());
        assertTrue(ended.isDone() && ended.join().held());
        machine.timerFired(SubsystemMachine.Timer.RESTART, timer);
        assertEquals(1, edge.launched.size());
    }

    @Test
    void aStopBeforeTheRunHasItsInstanceKeepsItStoppingWithoutChecks() {
        SubsystemMachine machine = machine(Map.of(SubsystemSettings.HEALTH_INTERVAL, 100));
        machine.start();
        Run run = edge.lastRun();
        machine.stop(Run.StopCause.OPERATOR, ShutdownReason.REQUESTED, new CompletableFuture<>());
        machine.runStarted(run, INSTANCE, RestartPolicy.always(), null);
        assertEquals(STOPPING, machine.info().state());
        assertNull(edge.timers.get(SubsystemMachine.Timer.HEALTH));
        ends(machine, run, null);
        assertEquals(List.of(STARTING, STOPPING, STOPPED), edge.takeTransitions());
        assertEquals(1, edge.launched.size());
    }

    @Test
    void aRemovedSubsystemNeverStartsAgain() {
        SubsystemMachine machine = machine(Map.of());
        Run run = running(machine, RestartPolicy.always());
        machine.stop(Run.StopCause.REMOVED, ShutdownReason.REQUESTED, new CompletableFuture<>());
        ends(machine, run, null);
        machine.operatorStart(null);
        machine.start();
        assertEquals(STOPPED, machine.info().state());
        assertEquals(1, edge.launched.size());
    }

    @Test
    void aServiceThatCannotBeObtainedFailsTheRunAndThePolicyApplies() {
        SubsystemMachine machine = machine(Map.of(SubsystemSettings.POLICY, "onFailure"));
        machine.start();
        Run run = edge.lastRun();
        assertFalse(run.releaseAllowed());
        machine.runReturned(run, new IllegalStateException("its component failed to activate"));
        assertTrue(run.releaseAllowed());
        machine.runEnded(run);
        assertEquals(List.of(STARTING, FAILED, RESTARTING), edge.takeTransitions());
    }

    // --- the races of issue 10 -------------------------------------------------------------------------

    /** Before: a backoff timer called start() during the shutdown, which never checked for it. */
    @Test
    void aRestartTimerThatFiresDuringTheShutdownStartsNothing() {
        SubsystemMachine machine = machine(Map.of());
        Run run = running(machine, RestartPolicy.exponentialBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), 5));
        ends(machine, run, new RuntimeException());
        assertEquals(RESTARTING, machine.info().state());
        long timer = edge.timers.get(SubsystemMachine.Timer.RESTART);
        edge.takeTransitions();

        machine.close(); // the shutdown began; this subsystem's wave has not come yet
        assertEquals(List.of(STOPPED), edge.takeTransitions());
        machine.timerFired(SubsystemMachine.Timer.RESTART, timer);
        machine.start();
        machine.operatorStart(null);
        assertEquals(1, edge.launched.size());
        assertEquals(STOPPED, machine.info().state());

        CompletableFuture<SubsystemInfo> ended = new CompletableFuture<>();
        machine.stop(Run.StopCause.SHUTDOWN, ShutdownReason.REQUESTED, ended);
        assertTrue(ended.isDone());
    }

    @Test
    void aRunEndingDuringTheShutdownIsNotRestarted() {
        SubsystemMachine machine = machine(Map.of());
        Run run = running(machine, RestartPolicy.always());
        machine.close();
        ends(machine, run, new RuntimeException("failed while the daemon stops"));
        assertEquals(FAILED, machine.info().state());
        assertEquals(1, edge.launched.size());
        assertNull(edge.timers.get(SubsystemMachine.Timer.RESTART));
    }

    /** Before: every reconfigure built a new RestartTracker, resetting counts and backoff. */
    @Test
    void newSettingsKeepTheBackoffAndTheIntensityCount() {
        SubsystemMachine machine = machine(Map.of());
        RestartPolicy backoff = RestartPolicy.exponentialBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), 5);
        Run run = running(machine, backoff);
        ends(machine, run, new RuntimeException());
        assertEquals(Duration.ofMillis(100), edge.delays.get(SubsystemMachine.Timer.RESTART));
        fire(machine, SubsystemMachine.Timer.RESTART);
        machine.runStarted(edge.lastRun(), INSTANCE, backoff, null);

        machine.defaultsChanged(Duration.ofSeconds(1)); // an edit of monitoring.health_check_interval_ms
        machine.reconfigure(Map.of(SubsystemSettings.HEALTH_TIMEOUT, 500)); // an edit of the component's properties

        ends(machine, edge.lastRun(), new RuntimeException());
        assertEquals(Duration.ofMillis(200), edge.delays.get(SubsystemMachine.Timer.RESTART), "attempt 2, not 1 again");
        assertEquals(2, machine.info().restartCount());
    }

    @Test
    void newSettingsKeepTheIntensityWindow() {
        SubsystemMachine machine = machine(Map.of(SubsystemSettings.INTENSITY, 2));
        Run run = running(machine, RestartPolicy.always());
        for (int i = 0; i < 2; i++) {
            ends(machine, run, null);
            fire(machine, SubsystemMachine.Timer.RESTART);
            run = edge.lastRun();
            machine.runStarted(run, INSTANCE, RestartPolicy.always(), null);
            machine.reconfigure(Map.of(SubsystemSettings.INTENSITY, 2, SubsystemSettings.HEALTH_FAILURES, 5));
        }
        ends(machine, run, null);
        assertEquals(FAILED, machine.info().state(), "the third restart within the period is refused");
        assertTrue(edge.effects.contains("intensity"));
    }

    /** Before: health() could run on an instance the run had already released. */
    @Test
    void theInstanceIsReleasedOnlyWhenNoHealthCheckIsCallingIntoIt() {
        SubsystemMachine machine = machine(Map.of(SubsystemSettings.HEALTH_INTERVAL, 100));
        Run run = running(machine, RestartPolicy.never());
        fire(machine, SubsystemMachine.Timer.HEALTH);
        assertEquals(1, edge.checks.size());
        Run.Check check = edge.checks.get(0);
        assertSame(INSTANCE, check.instance);

        machine.runReturned(run, null);
        assertFalse(run.releaseAllowed(), "a check is calling health() on the instance");
        fire(machine, SubsystemMachine.Timer.HEALTH); // a tick due now starts no check on a returned run
        assertEquals(1, edge.checks.size());

        machine.checkReturned(run, check, Health.healthy(), null);
        assertTrue(run.releaseAllowed());
        machine.runEnded(run);
        assertEquals(STOPPED, machine.info().state());
    }

    @Test
    void aHungCheckDoesNotHoldTheReleaseBeyondItsTimeout() {
        SubsystemMachine machine = machine(Map.of(SubsystemSettings.HEALTH_INTERVAL, 100));
        Run run = running(machine, RestartPolicy.never());
        fire(machine, SubsystemMachine.Timer.HEALTH);
        machine.runReturned(run, null);
        assertFalse(run.releaseAllowed());
        fire(machine, SubsystemMachine.Timer.CHECK_TIMEOUT);
        assertTrue(run.releaseAllowed());
        assertTrue(edge.effects.contains("interrupt check"));
    }

    @Test
    void noCheckStartsBeforeTheRunHasItsInstanceNorAfterItStops() {
        SubsystemMachine machine = machine(Map.of(SubsystemSettings.HEALTH_INTERVAL, 100));
        machine.start();
        assertNull(edge.timers.get(SubsystemMachine.Timer.HEALTH));
        Run run = edge.lastRun();
        machine.runStarted(run, INSTANCE, RestartPolicy.never(), null);
        long tick = edge.timers.get(SubsystemMachine.Timer.HEALTH);
        machine.stop(Run.StopCause.OPERATOR, ShutdownReason.REQUESTED, new CompletableFuture<>());
        machine.timerFired(SubsystemMachine.Timer.HEALTH, tick);
        assertEquals(0, edge.checks.size());
    }

    // --- health ------------------------------------------------------------------------------------

    @Test
    void failedChecksInARowFailTheRunAndThePolicyApplies() {
        SubsystemMachine machine = machine(Map.of(SubsystemSettings.HEALTH_INTERVAL, 100, SubsystemSettings.HEALTH_FAILURES, 2));
        Run run = running(machine, RestartPolicy.onFailure());
        edge.takeTransitions();
        for (int i = 0; i < 2; i++) {
            fire(machine, SubsystemMachine.Timer.HEALTH);
            machine.checkReturned(run, edge.checks.get(i), Health.unhealthy("queue full"), null);
        }
        assertEquals(List.of(STOPPING), edge.takeTransitions());
        assertTrue(edge.effects.contains("cancel 1"));
        ends(machine, run, null);
        assertEquals(List.of(FAILED, RESTARTING), edge.takeTransitions());
        assertTrue(machine.info().lastError().orElseThrow().message().contains("queue full"));
    }

    @Test
    void aHealthyCheckResetsTheFailuresInARow() {
        SubsystemMachine machine = machine(Map.of(SubsystemSettings.HEALTH_INTERVAL, 100, SubsystemSettings.HEALTH_FAILURES, 2));
        Run run = running(machine, RestartPolicy.never());
        Health[] results = {Health.unhealthy("a"), Health.healthy(), Health.unhealthy("b")};
        for (int i = 0; i < results.length; i++) {
            fire(machine, SubsystemMachine.Timer.HEALTH);
            machine.checkReturned(run, edge.checks.get(i), results[i], null);
        }
        assertEquals(RUNNING, machine.info().state());
        assertEquals("b", machine.info().health().detail());
    }

    @Test
    void aHungCheckHoldsOneCallAndEveryTickCountsAsFailed() {
        SubsystemMachine machine = machine(Map.of(SubsystemSettings.HEALTH_INTERVAL, 100, SubsystemSettings.HEALTH_FAILURES, 3));
        running(machine, RestartPolicy.never());
        fire(machine, SubsystemMachine.Timer.HEALTH);
        fire(machine, SubsystemMachine.Timer.CHECK_TIMEOUT); // failure 1
        fire(machine, SubsystemMachine.Timer.HEALTH); // failure 2, no new call
        assertEquals(RUNNING, machine.info().state());
        fire(machine, SubsystemMachine.Timer.HEALTH); // failure 3
        assertEquals(1, edge.checks.size());
        assertEquals(STOPPING, machine.info().state());
    }

    @Test
    void aChangedIntervalAppliesToTheRunningRunAtOnce() {
        SubsystemMachine machine = machine(Map.of());
        running(machine, RestartPolicy.never());
        assertNull(edge.timers.get(SubsystemMachine.Timer.HEALTH), "checks off: the default interval is 0");
        machine.defaultsChanged(Duration.ofMillis(250));
        assertEquals(Duration.ofMillis(250), edge.delays.get(SubsystemMachine.Timer.HEALTH));
        fire(machine, SubsystemMachine.Timer.HEALTH);
        assertEquals(1, edge.checks.size());
    }

    // --- intensity and the code's policy ---------------------------------------------------------------

    @Test
    void reachingTheIntensityFailsForGoodAndEscalatesWhenAsked() {
        SubsystemMachine machine = machine(Map.of(SubsystemSettings.INTENSITY, 0, SubsystemSettings.ESCALATE, true));
        Run run = running(machine, RestartPolicy.always());
        edge.takeTransitions();
        ends(machine, run, null);
        assertEquals(List.of(STOPPED, FAILED), edge.takeTransitions());
        assertTrue(edge.effects.contains("intensity escalate"));
        assertTrue(machine.info().lastError().orElseThrow().message().startsWith(RestartDecision.REACHED_MAX_RESTART_INTENSITY));
    }

    @Test
    void theCodesPolicyIsLearntFromTheFirstRunAndPropertiesOverrideIt() {
        SubsystemMachine machine = machine(Map.of());
        assertEquals(RestartPolicy.never(), machine.info().policy());
        running(machine, RestartPolicy.always());
        assertEquals(RestartPolicy.always(), machine.info().policy());
        machine.reconfigure(Map.of(SubsystemSettings.POLICY, "onFailure"));
        assertEquals(RestartPolicy.onFailure(), machine.info().policy());
        assertTrue(edge.effects.contains("reconfigured: policy " + RestartPolicy.onFailure()));
    }

    @Test
    void aForceReachesTheRunOnly() {
        SubsystemMachine machine = machine(Map.of());
        machine.force();
        Run run = running(machine, RestartPolicy.never());
        machine.force();
        assertEquals(List.of("launch 1", "force " + run.number), edge.effects);
    }
}
