package io.procdaemon.core.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The throttle on a clock the test moves. */
class ReportThrottleTest {

    private static final String KEY = "subsystem=storm context=child_terminated state=FAILED";
    private static final long MS = 1_000_000L;

    private final ReportThrottle throttle = new ReportThrottle();
    private final List<String> summaries = new ArrayList<>();

    @Test
    void theFirstReportsOfAKeyAreWrittenAndTheRestCounted() {
        assertEquals(ReportThrottle.Verdict.FIRST, throttle.admit(KEY, "line 1", 0, summaries));
        for (int i = 2; i <= ReportThrottle.BURST; i++) {
            assertEquals(ReportThrottle.Verdict.WRITE, throttle.admit(KEY, "line " + i, i * MS, summaries));
        }
        assertEquals(ReportThrottle.Verdict.FIRST_COUNTED, throttle.admit(KEY, "line 11", 11 * MS, summaries));
        assertEquals(ReportThrottle.Verdict.COUNT, throttle.admit(KEY, "line 12", 12 * MS, summaries));
        assertEquals(List.of(), summaries, "not yet: the window runs");
        assertEquals(List.of(), throttle.summaries(ReportThrottle.WINDOW.toNanos() - 1));
    }

    @Test
    void aStormIsSummarisedWhenItsWindowEndsAtTheNextReport() {
        for (int i = 1; i <= 1_000; i++) {
            throttle.admit(KEY, "line " + i, i * MS, summaries);
        }
        assertEquals(List.of(), summaries);
        long later = ReportThrottle.WINDOW.toNanos() + 5 * MS;
        assertEquals(ReportThrottle.Verdict.FIRST, throttle.admit(KEY, "line 1001", later, summaries));
        assertEquals(1, summaries.size(), summaries.toString());
        String summary = summaries.get(0);
        assertTrue(summary.startsWith(KEY + " summary=\"990 more reports like this not written (over 989 ms"), summary);
        assertTrue(summary.endsWith("the last: line 1000\""), summary);
    }

    @Test
    void aStormThatStopsIsSummarisedAtTheNextSweep() {
        for (int i = 1; i <= 12; i++) {
            throttle.admit(KEY, "line " + i, i * MS, summaries);
        }
        assertEquals(List.of(), throttle.summaries(ReportThrottle.WINDOW.toNanos()), "the window began at 1 ms");
        List<String> swept = throttle.summaries(ReportThrottle.WINDOW.toNanos() + MS);
        assertEquals(1, swept.size());
        assertTrue(swept.get(0).contains("2 more reports like this not written"), swept.get(0));
        assertEquals(List.of(), throttle.summaries(3 * ReportThrottle.WINDOW.toNanos()), "summarised once");
    }

    @Test
    void drainingSummarisesWindowsThatHaveNotEnded() {
        for (int i = 1; i <= 11; i++) {
            throttle.admit(KEY, "line " + i, i * MS, summaries);
        }
        List<String> drained = throttle.drain();
        assertEquals(1, drained.size());
        assertTrue(drained.get(0).contains("1 more report like this not written"), drained.get(0));
        assertEquals(List.of(), throttle.drain());
    }

    @Test
    void keysAreCountedApartAndAQuietWindowNeedsNoSummary() {
        String other = "subsystem=storm context=restart state=RESTARTING";
        for (int i = 1; i <= ReportThrottle.BURST; i++) {
            assertTrue(throttle.admit(KEY, "a", i * MS, summaries).ordinal() < ReportThrottle.Verdict.FIRST_COUNTED.ordinal());
            assertTrue(throttle.admit(other, "b", i * MS, summaries).ordinal() < ReportThrottle.Verdict.FIRST_COUNTED.ordinal());
        }
        assertEquals(List.of(), throttle.summaries(10 * ReportThrottle.WINDOW.toNanos()));
    }
}
