package io.procdaemon.core.supervisor;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.SubsystemListener;
import io.procdaemon.api.SubsystemState;
import io.procdaemon.api.Supervisor;

/**
 * Where the supervisor's transitions go: the log, at once and through the {@link ReportThrottle};
 * then {@link SubsystemListener}s and EventAdmin, on one thread of their own
 * ({@code procdaemon-supervisor-events}), one transition at a time, in the order they happened,
 * with no lock held. A slow listener delays only later reports, never a decision.
 */
final class TransitionReports {

    private static final System.Logger LOG = System.getLogger("io.procdaemon.supervisor");
    /** How long a caller waits for listeners to hear its changes: a listener that hangs delays no one longer. */
    private static final Duration HEARD_BOUND = Duration.ofSeconds(5);

    /**
     * Waves of the shutdown larger than this are written as one summary line, not as a STOPPING
     * and a STOPPED line per subsystem: 10,000 subsystems made 20,000 lines, formatted and
     * written on the loop, four times the supervisor's own time to stop them (docs/PERFORMANCE.md).
     */
    static final int WAVE_LINES = 50;

    private final SupervisorLoop loop;
    /** Loop only: STOPPING and STOPPED lines of the wave being summarised are counted, not written; -1 while none is. */
    private int summarised = -1;
    private final List<SubsystemListener> listeners = new CopyOnWriteArrayList<>();
    private final ReportThrottle throttle = new ReportThrottle();
    private final ThreadPoolExecutor notifier = OwnThreads.pool("procdaemon-supervisor-events", 1,
            new LinkedBlockingQueue<>());
    private volatile EventAdmin eventAdmin;

    /** @param loop where the throttle's summaries are timed */
    TransitionReports(SupervisorLoop loop) {
        this.loop = loop;
    }

    void add(SubsystemListener listener) {
        listeners.add(listener);
    }

    void remove(SubsystemListener listener) {
        listeners.remove(listener);
    }

    void eventAdmin(EventAdmin admin) {
        eventAdmin = admin;
    }

    void noEventAdmin(EventAdmin admin) {
        if (eventAdmin == admin) {
            eventAdmin = null;
        }
    }

    /** One transition: logged now (on the loop), heard by listeners and EventAdmin in order. */
    void transition(SubsystemInfo info, SubsystemState previous, String context, String reason) {
        log(info, previous, context, reason);
        try {
            notifier.execute(() -> notify(info, previous));
        } catch (RejectedExecutionException e) {
            // The supervisor has stopped: no one is left to hear it but the log.
        }
    }

    /**
     * On the loop: from now on, until {@link #endWaveSummary()}, STOPPING and STOPPED are counted
     * instead of written (FAILED is still written, with its stack). Listeners and EventAdmin hear
     * every transition as always.
     */
    void beginWaveSummary() {
        summarised = 0;
    }

    /** On the loop: @return how many STOPPING and STOPPED lines were counted since {@link #beginWaveSummary()} */
    int endWaveSummary() {
        int counted = Math.max(0, summarised);
        summarised = -1;
        return counted;
    }

    /**
     * Waits until listeners and EventAdmin have been handed every transition reported so far, so a
     * caller of stop, start or an unregistration sees its transitions heard when it returns. A
     * listener (or health check) calling in does not wait for its own thread.
     */
    void awaitHeard() {
        if (OwnThreads.current()) {
            return;
        }
        try {
            notifier.submit(() -> { }).get(HEARD_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            // The supervisor has stopped, or a listener hangs: the caller goes on without the barrier.
        }
    }

    /** Writes the summaries of the throttle's windows that have ended (every window, when the daemon stops). */
    void writeSummaries(boolean all) {
        (all ? throttle.drain() : throttle.summaries(System.nanoTime())).forEach(summary -> LOG.log(INFO, summary));
    }

    void close() {
        notifier.shutdown();
        writeSummaries(true);
    }

    /** On the notifier thread: one transition to every listener, then to EventAdmin. */
    private void notify(SubsystemInfo info, SubsystemState previous) {
        for (SubsystemListener listener : listeners) {
            try {
                listener.stateChanged(info, previous);
            } catch (RuntimeException e) {
                LOG.log(ERROR, "subsystem listener " + listener.getClass().getName() + " failed", e);
            }
        }
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            Map<String, Object> properties = new HashMap<>();
            properties.put(Supervisor.EVENT_NAME, info.name());
            properties.put(Supervisor.EVENT_ID, info.id());
            properties.put(Supervisor.EVENT_STATE, info.state().name());
            properties.put(Supervisor.EVENT_PREVIOUS_STATE, previous.name());
            if (info.state() == SubsystemState.FAILED) {
                info.lastError().ifPresent(error -> properties.put(Supervisor.EVENT_ERROR, error.message()));
            }
            admin.postEvent(new Event(Supervisor.TOPIC_PREFIX + info.state().name(), properties));
        }
    }

    /**
     * Writes a state change, through the {@link ReportThrottle}: a restart storm writes the first
     * reports of each kind and then a count, never a line per restart. The first failure of a
     * window is written with its stack. Listeners and EventAdmin get every change regardless.
     */
    private void log(SubsystemInfo info, SubsystemState previous, String context, String reason) {
        if (summarised >= 0 && (info.state() == SubsystemState.STOPPING || info.state() == SubsystemState.STOPPED)) {
            summarised++;
            return;
        }
        String key = "subsystem=" + info.name() + " context=" + context + " state=" + info.state() + " previous=" + previous;
        String line = "subsystem=" + info.name() + " id=" + info.id() + " context=" + context + " state=" + info.state()
                + " previous=" + previous + (reason == null ? "" : " reason=\"" + reason + "\"");
        List<String> summaries = new ArrayList<>();
        ReportThrottle.Verdict verdict = throttle.admit(key, line, System.nanoTime(), summaries);
        summaries.forEach(summary -> LOG.log(INFO, summary));
        if (verdict == ReportThrottle.Verdict.FIRST_COUNTED) {
            // The summary is due when the window ends, even if the storm stops first: at the latest
            // one window from now (a timer only while a storm is counted, no idle thread)
            loop.schedule(() -> writeSummaries(false), ReportThrottle.WINDOW);
        }
        if (verdict == ReportThrottle.Verdict.COUNT || verdict == ReportThrottle.Verdict.FIRST_COUNTED) {
            return;
        }
        boolean failed = info.state() == SubsystemState.FAILED;
        String stack = failed && verdict == ReportThrottle.Verdict.FIRST
                ? info.lastError().map(error -> System.lineSeparator() + error.stackTrace().stripTrailing()).orElse("") : "";
        LOG.log(failed ? WARNING : INFO, () -> line + stack);
    }
}
