package io.procdaemon.core.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.procdaemon.api.RestartPolicy;
import io.procdaemon.core.supervisor.RestartDecision.Action;

class RestartTrackerTest {

    private static final Duration SHORT_RUN = Duration.ofMillis(10);
    private static final long SECOND = 1_000_000_000L;
    /** Generous enough that intensity never interferes with the policy rules under test. */
    private static final RestartLimits NO_INTENSITY = new RestartLimits(1000, Duration.ofSeconds(1), false, Duration.ofSeconds(30));

    private static RestartTracker tracker(RestartPolicy policy, RestartLimits limits) {
        return new RestartTracker(policy, limits, () -> 0.0);
    }

    @Test
    void neverStopsAfterACleanEndAndFailsAfterAFailure() {
        RestartTracker tracker = tracker(RestartPolicy.never(), NO_INTENSITY);
        assertEquals(Action.STOP, tracker.decide(false, SHORT_RUN, 0).action());
        assertEquals(Action.FAIL, tracker.decide(true, SHORT_RUN, 0).action());
    }

    @Test
    void alwaysRestartsAfterBothWithoutDelay() {
        RestartTracker tracker = tracker(RestartPolicy.always(), NO_INTENSITY);
        for (boolean failed : new boolean[] {false, true}) {
            RestartDecision decision = tracker.decide(failed, SHORT_RUN, 0);
            assertEquals(Action.RESTART, decision.action());
            assertEquals(Duration.ZERO, decision.delay());
        }
    }

    @Test
    void onFailureRestartsFailuresOnly() {
        RestartTracker tracker = tracker(RestartPolicy.onFailure(), NO_INTENSITY);
        assertEquals(Action.RESTART, tracker.decide(true, SHORT_RUN, 0).action());
        assertEquals(Action.STOP, tracker.decide(false, SHORT_RUN, 0).action());
    }

    @Test
    void backoffDoublesUpToTheCapAndGivesUpAfterMaxAttempts() {
        RestartPolicy policy = RestartPolicy.exponentialBackoff(Duration.ofMillis(100), Duration.ofMillis(500), 5);
        RestartTracker tracker = tracker(policy, NO_INTENSITY);
        List<Duration> delays = new ArrayList<>();
        int runs = 1;
        RestartDecision decision;
        while ((decision = tracker.decide(true, SHORT_RUN, runs * SECOND)).action() == Action.RESTART) {
            delays.add(decision.delay());
            runs++;
        }
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(500), Duration.ofMillis(500)), delays);
        assertEquals(Action.FAIL, decision.action());
        assertEquals(6, runs, "at most 1 + maxAttempts runs");
        assertTrue(decision.reason().contains("gave up: 5 restart(s) in a row failed"), decision.reason());
    }

    @Test
    void jitterShortensTheDelayByAtMostTwentyPercent() {
        RestartPolicy policy = RestartPolicy.exponentialBackoff(Duration.ofMillis(1000), Duration.ofMillis(1000), 3);
        assertEquals(Duration.ofMillis(1000), new RestartTracker(policy, NO_INTENSITY, () -> 0.0).backoffDelay(1));
        assertEquals(Duration.ofMillis(900), new RestartTracker(policy, NO_INTENSITY, () -> 0.5).backoffDelay(1));
        Duration most = new RestartTracker(policy, NO_INTENSITY, () -> Math.nextDown(1.0)).backoffDelay(1);
        assertTrue(most.compareTo(Duration.ofMillis(800)) >= 0 && most.compareTo(Duration.ofMillis(801)) < 0, most.toString());
    }

    @Test
    void backoffDelayDoesNotOverflowForLargeAttempts() {
        RestartPolicy policy = RestartPolicy.exponentialBackoff(Duration.ofSeconds(1), Duration.ofDays(1), 10_000);
        assertEquals(Duration.ofDays(1), tracker(policy, NO_INTENSITY).backoffDelay(5_000));
    }

    @Test
    void aLongHealthyRunOrACleanEndResetsTheBackoffCount() {
        RestartPolicy policy = RestartPolicy.exponentialBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), 2);
        RestartTracker tracker = tracker(policy, NO_INTENSITY);
        assertEquals(Duration.ofMillis(100), tracker.decide(true, SHORT_RUN, 1 * SECOND).delay());
        assertEquals(Duration.ofMillis(200), tracker.decide(true, SHORT_RUN, 2 * SECOND).delay());
        RestartDecision afterLongRun = tracker.decide(true, Duration.ofSeconds(30), 40 * SECOND);
        assertEquals(Action.RESTART, afterLongRun.action(), "a run of backoffReset resets the count");
        assertEquals(Duration.ofMillis(100), afterLongRun.delay());
        assertEquals(Action.STOP, tracker.decide(false, SHORT_RUN, 41 * SECOND).action());
        assertEquals(0, tracker.consecutiveFailures());
        assertEquals(Duration.ofMillis(100), tracker.decide(true, SHORT_RUN, 42 * SECOND).delay());
    }

    @Test
    void intensityRefusesTheRestartBeyondTheLimitWithinThePeriod() {
        RestartLimits limits = new RestartLimits(5, Duration.ofSeconds(10), false, Duration.ofSeconds(30));
        RestartTracker tracker = tracker(RestartPolicy.always(), limits);
        for (int i = 0; i < 5; i++) {
            assertEquals(Action.RESTART, tracker.decide(true, SHORT_RUN, i * SECOND).action(), "restart " + (i + 1));
        }
        RestartDecision sixth = tracker.decide(true, SHORT_RUN, 5 * SECOND);
        assertEquals(Action.GIVE_UP, sixth.action());
        assertTrue(sixth.reason().startsWith("reached_max_restart_intensity"), sixth.reason());
    }

    @Test
    void restartsOlderThanThePeriodNoLongerCount() {
        RestartLimits limits = new RestartLimits(2, Duration.ofSeconds(10), false, Duration.ofSeconds(30));
        RestartTracker tracker = tracker(RestartPolicy.always(), limits);
        assertEquals(Action.RESTART, tracker.decide(false, SHORT_RUN, 0).action());
        assertEquals(Action.RESTART, tracker.decide(false, SHORT_RUN, 5 * SECOND).action());
        assertEquals(Action.GIVE_UP, tracker.decide(false, SHORT_RUN, 9 * SECOND).action());
        assertEquals(Action.RESTART, tracker.decide(false, SHORT_RUN, 10 * SECOND).action(), "the first left the window");
    }

    @Test
    void zeroIntensityMeansNoRestartAtAll() {
        RestartLimits limits = new RestartLimits(0, Duration.ofSeconds(10), false, Duration.ofSeconds(30));
        assertEquals(Action.GIVE_UP, tracker(RestartPolicy.always(), limits).decide(true, SHORT_RUN, 0).action());
    }

    @Test
    void noPolicyCanHotLoopUnderTheDefaultLimits() {
        RestartTracker tracker = tracker(RestartPolicy.always(), RestartLimits.DEFAULTS);
        int restarts = 0;
        // A subsystem that ends at once, a million times within one second.
        for (long i = 0; i < 1_000_000; i++) {
            if (tracker.decide(true, Duration.ZERO, i * 1000) .action() != Action.RESTART) {
                break;
            }
            restarts++;
        }
        assertEquals(5, restarts);
    }
}
