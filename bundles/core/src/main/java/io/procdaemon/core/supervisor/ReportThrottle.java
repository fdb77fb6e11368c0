package io.procdaemon.core.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps a restart storm from flooding the log without losing it. Reports are grouped by a key
 * (the subsystem, the context and the state: {@code subsystem=flaky context=child_terminated
 * state=FAILED}); within a {@link #window} the first {@link #burst} reports of a key are written,
 * the rest only counted, and when the window ends one summary line says how many were not
 * written, from when to when, and the last of them. A window ends at the next report of its key
 * after it, or at the latest when {@link #summaries} is called after it (the supervisor calls it
 * one window after {@link Verdict#FIRST_COUNTED}), so a storm that stops is still summarised.
 *
 * <p>With a high restart intensity a subsystem that fails at once was restarted 3,300 to 4,600
 * times a second and wrote 22 to 31 MB of log per 10 s; with the defaults below it writes at most
 * 11 lines per key per 10 s. Thread-safe; time is passed in (monotonic nanoseconds).
 */
final class ReportThrottle {

    /** What to do with one report. */
    enum Verdict {
        /** write it: the first of its key in a window (a failure's stack goes with it) */
        FIRST,
        /** write it: within the burst */
        WRITE,
        /** count it only: the first of the window counted, so a summary is due when the window ends */
        FIRST_COUNTED,
        /** count it only */
        COUNT
    }

    /** Reports written per key and window before the rest are only counted. */
    static final int BURST = 10;
    /** The window of {@link #BURST}. */
    static final Duration WINDOW = Duration.ofSeconds(10);

    private static final class Window {
        final long startNanos;
        int reports;
        long countedFromNanos;
        long countedUntilNanos;
        String lastCounted;

        Window(long startNanos) {
            this.startNanos = startNanos;
        }

        int counted() {
            return Math.max(0, reports - BURST);
        }
    }

    private final Map<String, Window> windows = new HashMap<>();
    private final long windowNanos = WINDOW.toNanos();

    /**
     * @param key what the report is about, e.g. {@code subsystem=flaky context=restart state=RESTARTING}
     * @param line the report's line, kept as the last counted one when it is not written
     * @param nowNanos a monotonic clock's time
     * @param summaries receives the summary of the key's window if this report ends it
     * @return whether to write the report
     */
    synchronized Verdict admit(String key, String line, long nowNanos, List<String> summaries) {
        Window window = windows.get(key);
        if (window != null && nowNanos - window.startNanos >= windowNanos) {
            summary(key, window).ifPresent(summaries::add);
            window = null;
        }
        if (window == null) {
            window = new Window(nowNanos);
            windows.put(key, window);
        }
        window.reports++;
        if (window.reports == 1) {
            return Verdict.FIRST;
        }
        if (window.reports <= BURST) {
            return Verdict.WRITE;
        }
        window.countedUntilNanos = nowNanos;
        window.lastCounted = line;
        if (window.counted() == 1) {
            window.countedFromNanos = nowNanos;
            return Verdict.FIRST_COUNTED;
        }
        return Verdict.COUNT;
    }

    /** @return the summaries of the windows that have ended by now; those windows are closed */
    synchronized List<String> summaries(long nowNanos) {
        List<String> summaries = new ArrayList<>();
        for (Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Window> entry = it.next();
            if (nowNanos - entry.getValue().startNanos >= windowNanos) {
                summary(entry.getKey(), entry.getValue()).ifPresent(summaries::add);
                it.remove();
            }
        }
        return summaries;
    }

    /** @return the summaries of every window, ended or not (the daemon stops); all windows are closed */
    synchronized List<String> drain() {
        List<String> summaries = new ArrayList<>();
        windows.forEach((key, window) -> summary(key, window).ifPresent(summaries::add));
        windows.clear();
        return summaries;
    }

    private static Optional<String> summary(String key, Window window) {
        int counted = window.counted();
        if (counted == 0) {
            return Optional.empty();
        }
        long spanMillis = Duration.ofNanos(window.countedUntilNanos - window.countedFromNanos).toMillis();
        return Optional.of(key + " summary=\"" + counted + " more report" + (counted == 1 ? "" : "s")
                + " like this not written (over " + spanMillis + " ms, after the first " + BURST + " in "
                + WINDOW.toSeconds() + " s); the last: " + window.lastCounted + "\"");
    }
}
