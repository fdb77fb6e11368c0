package io.procdaemon.core.diagnostics;

import java.time.Duration;

/**
 * At most one automatic dump per interval, and none lost: a subsystem that fails every second
 * must not write a recording every second, but an incident in the quiet after a dump must still
 * reach the disk. So the first trigger dumps at once; a trigger within the interval after a dump
 * schedules one more dump for the end of the interval, which also covers every further trigger
 * until then. That dump holds the recording up to its own time, so each incident's minutes
 * before are on disk at most one interval late.
 *
 * <p>Times are {@link System#nanoTime()} values passed in (tests pass their own); the caller
 * serialises the calls.
 */
final class DumpThrottle {

    /** What to do with a trigger. */
    enum Verdict {
        /** dump now */
        NOW,
        /** schedule a dump after {@link DumpThrottle#delay()} */
        LATER,
        /** a dump is scheduled already and will cover this trigger */
        COVERED
    }

    private Duration interval;
    private boolean dumped;
    private long lastDump;
    private boolean scheduled;
    private Duration delay = Duration.ZERO;

    /** @param interval at most one dump per interval; zero: no throttle */
    DumpThrottle(Duration interval) {
        this.interval = interval;
    }

    /** @param interval the new interval, for the next trigger (a dump already scheduled keeps its time) */
    void interval(Duration interval) {
        this.interval = interval;
    }

    /**
     * @param now the trigger's time
     * @return what to do; for {@link Verdict#NOW} the dump counts as made at {@code now}, for
     *         {@link Verdict#LATER} call {@link #scheduledDumpRuns(long)} when it runs
     */
    Verdict trigger(long now) {
        if (scheduled) {
            return Verdict.COVERED;
        }
        long since = now - lastDump;
        if (!dumped || since >= interval.toNanos()) {
            dumped = true;
            lastDump = now;
            return Verdict.NOW;
        }
        scheduled = true;
        delay = Duration.ofNanos(interval.toNanos() - since);
        return Verdict.LATER;
    }

    /** @return after {@link Verdict#LATER}: how long from the trigger until the scheduled dump */
    Duration delay() {
        return delay;
    }

    /** The scheduled dump runs at {@code now}: it counts as the last dump, and triggers dump again. */
    void scheduledDumpRuns(long now) {
        scheduled = false;
        dumped = true;
        lastDump = now;
    }
}
