package io.procdaemon.core.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DumpThrottleTest {

    private static final long SECOND = 1_000_000_000L;
    private final DumpThrottle throttle = new DumpThrottle(Duration.ofSeconds(60));

    @Test
    void theFirstTriggerDumpsAtOnce() {
        assertEquals(DumpThrottle.Verdict.NOW, throttle.trigger(5 * SECOND));
    }

    @Test
    void aTriggerWithinTheIntervalSchedulesOneDumpForItsEndAndLaterOnesAreCovered() {
        throttle.trigger(0);
        assertEquals(DumpThrottle.Verdict.LATER, throttle.trigger(1 * SECOND));
        assertEquals(Duration.ofSeconds(59), throttle.delay());
        assertEquals(DumpThrottle.Verdict.COVERED, throttle.trigger(2 * SECOND));
        assertEquals(DumpThrottle.Verdict.COVERED, throttle.trigger(59 * SECOND));
        throttle.scheduledDumpRuns(60 * SECOND);
        // the scheduled dump counts as the last one: the next trigger within 60 s waits again
        assertEquals(DumpThrottle.Verdict.LATER, throttle.trigger(61 * SECOND));
        assertEquals(Duration.ofSeconds(59), throttle.delay());
    }

    @Test
    void aTriggerAfterTheIntervalDumpsAtOnce() {
        throttle.trigger(0);
        assertEquals(DumpThrottle.Verdict.NOW, throttle.trigger(60 * SECOND));
        assertEquals(DumpThrottle.Verdict.LATER, throttle.trigger(61 * SECOND));
    }

    @Test
    void zeroMeansNoThrottle() {
        DumpThrottle none = new DumpThrottle(Duration.ZERO);
        assertEquals(DumpThrottle.Verdict.NOW, none.trigger(0));
        assertEquals(DumpThrottle.Verdict.NOW, none.trigger(0));
    }

    @Test
    void aNewIntervalCountsFromTheLastDump() {
        throttle.trigger(0);
        throttle.interval(Duration.ofSeconds(10));
        assertEquals(DumpThrottle.Verdict.NOW, throttle.trigger(10 * SECOND));
    }

    @Test
    void nanoTimeMayBeNegative() {
        long start = Long.MIN_VALUE + SECOND;
        assertEquals(DumpThrottle.Verdict.NOW, throttle.trigger(start));
        assertEquals(DumpThrottle.Verdict.LATER, throttle.trigger(start + SECOND));
    }
}
