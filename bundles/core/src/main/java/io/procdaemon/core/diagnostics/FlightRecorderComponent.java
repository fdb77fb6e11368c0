package io.procdaemon.core.diagnostics;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.SubsystemListener;
import io.procdaemon.api.SubsystemState;
import io.procdaemon.core.resources.ResourceMonitor;
import io.procdaemon.core.shutdown.ShutdownCoordinatorComponent;

/**
 * The flight recorder: while {@code flight_recorder.enabled} is on, a continuous JFR recording
 * bounded by {@code max_size_mib} and {@code max_age_seconds} (a ring of the last minutes), dumped
 * to {@code data/flight-<UTC time>-<reason>.jfr} when an incident happens, so the minutes before it
 * are on disk:
 * <ul>
 * <li>a subsystem reaches FAILED (heard as a {@link SubsystemListener}): {@code subsystem-failed-<name>};</li>
 * <li>a hard resource limit is crossed ({@value ResourceMonitor#TOPIC_PREFIX}{@code HARD_LIMIT}): {@code hard-limit-<resource>};</li>
 * <li>the shutdown ladder forces ({@value ShutdownCoordinatorComponent#FORCING_TOPIC}): {@code shutdown-forced}.</li>
 * </ul>
 * Automatic dumps are throttled ({@link DumpThrottle}, {@code min_dump_interval_seconds}), except
 * the forced shutdown's (the process ends seconds later, a deferred dump would be lost); only the
 * last {@code max_dumps} are kept. Every subsystem transition is recorded as a
 * {@value ContinuousRecording#TRANSITION} JFR event. All keys apply live.
 *
 * <p>Costs: with the recorder off, this component holds its settings and nothing else: no thread,
 * no JFR class loaded, no event handler registered. Turned on, the recording starts on the
 * recorder's own thread ({@code procdaemon-flight-recorder}) once the framework has gone past the
 * ready start level ({@code procdaemon.ready.startlevel}: the launcher raises it after readiness),
 * so starting JFR never delays readiness. Dumps run on that thread too, never on EventAdmin's.
 */
@Component(service = {}, immediate = true, configurationPid = "io.procdaemon.daemon",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class FlightRecorderComponent {

    static final String KIND = "flight";
    static final String EXTENSION = ".jfr";
    /** How long a stop waits for a dump in progress (the forced shutdown's, say). */
    private static final long DUMP_WAIT_SECONDS = 10;

    private static final System.Logger LOG = System.getLogger("io.procdaemon.flight");

    private final BundleContext context;
    private final DumpFiles dumps;
    private final int readyStartLevel;
    private FlightSettings settings;
    private DumpThrottle throttle;
    private ScheduledThreadPoolExecutor worker;
    private FrameworkListener waitingForBoot;
    private ContinuousRecording recording;
    private ServiceRegistration<EventHandler> handler;
    private ServiceRegistration<SubsystemListener> listener;
    /** The reason of the dump the throttle scheduled, or null. */
    private String scheduledReason;
    private int covered;

    @Activate
    public FlightRecorderComponent(BundleContext context, Map<String, Object> configuration) {
        this.context = context;
        this.dumps = DumpFiles.inData(context.getProperty("proc-daemon.home"));
        String ready = context.getProperty("procdaemon.ready.startlevel");
        this.readyStartLevel = ready == null ? 0 : Integer.parseInt(ready.strip());
        apply(configuration);
    }

    @Modified
    void modified(Map<String, Object> configuration) {
        apply(configuration);
    }

    private synchronized void apply(Map<String, Object> configuration) {
        FlightSettings next = FlightSettings.from(configuration);
        FlightSettings previous = settings;
        settings = next;
        if (!next.enabled()) {
            if (previous != null && previous.enabled()) {
                stop();
                LOG.log(INFO, "flight recorder: off (flight_recorder.enabled = false)");
            }
            return;
        }
        if (throttle == null) {
            throttle = new DumpThrottle(next.minDumpInterval());
        }
        throttle.interval(next.minDumpInterval());
        if (recording != null) {
            recording.bounds(next.maxSizeBytes(), next.maxAge());
            LOG.log(INFO, () -> "flight recorder: keeping the last " + next.describe());
        } else if (worker == null) {
            worker = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "procdaemon-flight-recorder");
                thread.setDaemon(true);
                return thread;
            });
            worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            startAfterBoot();
        }
    }

    /** Starts the recording once the framework has gone past the ready start level, on the worker. */
    private void startAfterBoot() {
        Bundle framework = context.getBundle(0);
        FrameworkStartLevel levels = framework.adapt(FrameworkStartLevel.class);
        waitingForBoot = event -> {
            if ((event.getType() == FrameworkEvent.STARTED || event.getType() == FrameworkEvent.STARTLEVEL_CHANGED)
                    && framework.getState() == Bundle.ACTIVE && levels.getStartLevel() > readyStartLevel) {
                startSoon();
            }
        };
        context.addFrameworkListener(waitingForBoot);
        if (framework.getState() == Bundle.ACTIVE && levels.getStartLevel() > readyStartLevel) {
            startSoon();
        }
    }

    private synchronized void startSoon() {
        if (waitingForBoot != null) {
            context.removeFrameworkListener(waitingForBoot);
            waitingForBoot = null;
            worker.execute(this::start);
        }
    }

    private synchronized void start() {
        if (!settings.enabled() || recording != null || worker == null) {
            return;
        }
        FlightSettings current = settings;
        try {
            recording = new ContinuousRecording(current.maxSizeBytes(), current.maxAge());
        } catch (IOException | RuntimeException e) {
            LOG.log(ERROR, () -> "flight recorder: could not start a recording: " + e.getMessage()
                    + "; no automatic dumps (set flight_recorder.enabled = false to silence this)");
            return;
        }
        // Transitions come from the supervisor's own notification thread, one at a time, in order: as
        // an EventAdmin handler of io/procdaemon/subsystem/* they made EventAdmin grow its delivery
        // pool by 20 threads while a subsystem flapped (seen on JDK 25). The rare events come by EventAdmin.
        listener = context.registerService(SubsystemListener.class, this::stateChanged, null);
        Dictionary<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, new String[] {ResourceMonitor.TOPIC_PREFIX + "HARD_LIMIT",
                ShutdownCoordinatorComponent.FORCING_TOPIC});
        handler = context.registerService(EventHandler.class, this::handle, topics);
        LOG.log(INFO, () -> "flight recorder: on, keeping the last " + current.describe() + "; dumps go to "
                + dumps.folder());
    }

    /**
     * Off: a dump in progress finishes, then the recording is closed on the worker (its tasks run
     * in order); a scheduled dump is dropped.
     */
    private void stop() {
        if (waitingForBoot != null) {
            context.removeFrameworkListener(waitingForBoot);
            waitingForBoot = null;
        }
        unregister(handler);
        handler = null;
        unregister(listener);
        listener = null;
        ScheduledThreadPoolExecutor stopping = worker;
        ContinuousRecording closing = recording;
        worker = null;
        recording = null;
        scheduledReason = null;
        if (stopping != null) {
            if (closing != null) {
                stopping.execute(closing::close);
            }
            stopping.shutdown();
        } else if (closing != null) {
            closing.close();
        }
    }

    @Deactivate
    void deactivate() {
        ScheduledThreadPoolExecutor stopping;
        synchronized (this) {
            stopping = worker;
            // An incident's dump that waits for the throttle is written now rather than lost.
            Runnable pending = takeScheduledDump();
            if (pending != null) {
                stopping.execute(pending);
            }
            stop();
        }
        if (stopping != null) {
            try {
                if (!stopping.awaitTermination(DUMP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    LOG.log(WARNING, "flight recorder: a dump did not finish within " + DUMP_WAIT_SECONDS + " s; stopping anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The supervisor's notification thread: record the transition; a FAILED one is an incident. */
    private void stateChanged(SubsystemInfo subsystem, SubsystemState previous) {
        ContinuousRecording current;
        synchronized (this) {
            current = recording;
        }
        if (current == null) {
            return;
        }
        boolean failed = subsystem.state() == SubsystemState.FAILED;
        current.transition(subsystem.name(), subsystem.state().name(), previous.name(),
                failed ? subsystem.lastError().map(SubsystemInfo.Failure::message).orElse("") : "");
        if (failed) {
            trigger("subsystem-failed-" + subsystem.name(), "subsystem " + subsystem.name() + " reached FAILED", false);
        }
    }

    /** EventAdmin's thread: a hard limit or a forced shutdown; the dumps run on the worker. */
    private void handle(Event event) {
        if (event.getTopic().equals(ShutdownCoordinatorComponent.FORCING_TOPIC)) {
            trigger("shutdown-forced", "the shutdown ladder forced what was left", true);
        } else {
            Object resource = event.getProperty("resource");
            trigger("hard-limit-" + resource, resource + " reached its hard limit", false);
        }
    }

    private static void unregister(ServiceRegistration<?> registration) {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // the bundle is stopping: the framework unregistered it already
            }
        }
    }

    private synchronized void trigger(String reason, String why, boolean unthrottled) {
        if (recording == null || worker == null) {
            return;
        }
        ContinuousRecording current = recording;
        int keep = settings.maxDumps();
        if (unthrottled) {
            worker.execute(() -> dump(current, keep, reason, why));
            return;
        }
        switch (throttle.trigger(System.nanoTime())) {
            case NOW -> worker.execute(() -> dump(current, keep, reason, why));
            case LATER -> {
                scheduledReason = reason;
                covered = 0;
                long delay = throttle.delay().toMillis();
                worker.schedule(this::scheduledDump, delay, TimeUnit.MILLISECONDS);
                LOG.log(INFO, () -> "flight recorder: " + why + "; the dump waits " + delay + " ms"
                        + " (at most one per flight_recorder.min_dump_interval_seconds = "
                        + settings.minDumpInterval().toSeconds() + ")");
            }
            case COVERED -> {
                covered++;
                LOG.log(INFO, () -> "flight recorder: " + why + "; covered by the dump already scheduled");
            }
        }
    }

    /** The throttle's dump, at the end of its interval (or when the daemon stops, see {@link #deactivate()}). */
    private void scheduledDump() {
        Runnable dump;
        synchronized (this) {
            dump = takeScheduledDump();
        }
        if (dump != null) {
            dump.run();
        }
    }

    /** @return the dump the throttle scheduled, bound to the recording, or null; it is no longer scheduled */
    private Runnable takeScheduledDump() {
        if (scheduledReason == null || recording == null) {
            return null;
        }
        String reason = scheduledReason;
        String why = "deferred by the throttle" + (covered == 0 ? "" : ", covering " + covered + " later incident(s)");
        ContinuousRecording current = recording;
        int keep = settings.maxDumps();
        scheduledReason = null;
        throttle.scheduledDumpRuns(System.nanoTime());
        return () -> dump(current, keep, reason, why);
    }

    /**
     * The worker: one dump, then the oldest automatic dumps beyond max_dumps are deleted. The
     * recording is the one of the trigger: the worker closes it only after the dumps queued before.
     */
    private void dump(ContinuousRecording current, int keep, String reason, String why) {
        Path file = null;
        try {
            file = dumps.next(KIND, Instant.now(), reason, EXTENSION);
            current.dump(file);
            Path written = file;
            LOG.log(WARNING, () -> "flight recorder: " + why + "; recording written to " + written);
            List<Path> deleted = dumps.prune(KIND, EXTENSION, keep);
            if (!deleted.isEmpty()) {
                LOG.log(INFO, () -> "flight recorder: deleted " + deleted.size() + " older dump(s) beyond flight_recorder.max_dumps = "
                        + keep + ": " + deleted);
            }
        } catch (IOException | RuntimeException e) {
            Path failed = file;
            LOG.log(ERROR, () -> "flight recorder: " + why + "; could not write "
                    + (failed == null ? "a dump to " + dumps.folder() : failed) + ": " + e.getMessage() + "; the recording goes on");
        }
    }
}
