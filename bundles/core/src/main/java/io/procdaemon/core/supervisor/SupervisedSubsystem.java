package io.procdaemon.core.supervisor;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

import io.procdaemon.api.DaemonException;
import io.procdaemon.api.ErrorCode;
import io.procdaemon.api.Health;
import io.procdaemon.api.RestartPolicy;
import io.procdaemon.api.ShutdownReason;
import io.procdaemon.api.Subsystem;
import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.SubsystemState;

/**
 * One supervised subsystem: its runs, its state and its history. All state is guarded by this
 * object's monitor; runs, restarts and health checks happen on other threads.
 *
 * <p>Each run gets the service object anew and releases it when the run ends
 * ({@link ComponentServiceObjects}): a DS component of singleton scope that nothing else uses is
 * deactivated when released, so the next run gets a fresh instance (as does every run of a
 * prototype-scope component). An immediate component, or one another bundle also uses, keeps its
 * instance across runs.
 */
final class SupervisedSubsystem {

    /** What the supervisor provides to its children. */
    interface Context {
        io.procdaemon.api.ShutdownCoordinator coordinator();

        RunThreads threads();

        java.util.concurrent.ScheduledExecutorService scheduler();

        java.util.function.DoubleSupplier random();

        /** The health-check interval of subsystems that set none (the daemon's monitoring settings). */
        Duration defaultHealthInterval();

        /** Reports a transition (log, listeners, EventAdmin). Called with the child's monitor held. */
        void stateChanged(SupervisedSubsystem subsystem, SubsystemInfo info, SubsystemState previous, String context,
                String reason);

        /** Reports a decision that changes no state (log only). */
        void report(SupervisedSubsystem subsystem, String context, String reason);

        /** The restart intensity was reached. */
        void intensityReached(SupervisedSubsystem subsystem, String reason, boolean escalate);
    }

    /** One run: its thread, its handle and, while running, its service object. */
    private static final class Run {
        Thread thread;
        RunHandle handle;
        long startedNanos;
        volatile Subsystem instance;
        boolean stopRequested;
        boolean unhealthy;
        /** The health check in flight: from its start until health() returns, however long. */
        HealthCheck check;
    }

    /**
     * One call of {@code health()}: judged once, by its result or by its timeout, whichever comes
     * first. A call that outlives its timeout stays the one in flight: no other starts beside it.
     */
    private static final class HealthCheck {
        Thread thread;
        boolean judged;
    }

    private final long id;
    private final String name;
    private final ServiceReference<Subsystem> reference;
    private final ComponentServiceObjects<Subsystem> objects;
    private final Context context;
    private final Instant registeredAt = Instant.now();
    private final Deque<SubsystemInfo.Restart> restarts = new ArrayDeque<>();

    private Map<String, ?> properties;
    private RestartPolicy codePolicy = RestartPolicy.never();
    private SubsystemSettings settings;
    private RestartTracker tracker;
    private SubsystemState state = SubsystemState.STOPPED;
    private Instant startedAt;
    private Instant stoppedAt;
    private int restartCount;
    private SubsystemInfo.Failure lastError;
    private Health health = Health.healthy();
    private int healthFailuresInRow;
    private Run run;
    private ScheduledFuture<?> pendingRestart;
    private ScheduledFuture<?> healthTask;
    private boolean held;
    /** An operator's start arrived while the stopped run was still ending: start once it has. */
    private String startWhenEnded;

    /**
     * @param properties the service properties; the code's restart policy is read at the first run,
     *        from the instance that runs (getting an instance just to ask would activate it twice)
     */
    SupervisedSubsystem(long id, String name, ServiceReference<Subsystem> reference,
            ComponentServiceObjects<Subsystem> objects, Map<String, ?> properties, Context context) {
        this.id = id;
        this.name = name;
        this.reference = reference;
        this.objects = objects;
        this.context = context;
        configure(properties, codePolicy);
    }

    String name() {
        return name;
    }

    ServiceReference<Subsystem> reference() {
        return reference;
    }

    synchronized SubsystemSettings settings() {
        return settings;
    }

    /** New service properties: the settings apply from the next decision on; the history stays. */
    synchronized void reconfigure(Map<String, ?> newProperties) {
        configure(newProperties, codePolicy);
        context.report(this, "reconfigured", "policy " + settings.policy());
    }

    private void configure(Map<String, ?> newProperties, RestartPolicy newCodePolicy) {
        List<String> problems = new ArrayList<>();
        properties = newProperties;
        codePolicy = newCodePolicy;
        settings = SubsystemSettings.from(newProperties, newCodePolicy, problems, context.defaultHealthInterval());
        tracker = new RestartTracker(settings.policy(), settings.limits(), context.random());
        problems.forEach(problem -> context.report(this, "start_error", problem));
    }

    /** The daemon's monitoring settings changed: the health-check interval applies to the current run at once. */
    synchronized void defaultsChanged() {
        Duration before = settings.healthInterval();
        configure(properties, codePolicy);
        if (!settings.healthInterval().equals(before) && run != null) {
            if (healthTask != null) {
                healthTask.cancel(false);
                healthTask = null;
            }
            scheduleHealth();
        }
    }

    private void scheduleHealth() {
        Duration interval = settings.healthInterval();
        if (!interval.isZero()) {
            healthTask = context.scheduler().scheduleWithFixedDelay(this::checkHealth, interval.toNanos(),
                    interval.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** The code's policy, read from the running instance; a change (a new bundle version) reconfigures. */
    private synchronized void codePolicy(Subsystem instance) {
        RestartPolicy fromCode;
        try {
            fromCode = instance.restartPolicy();
        } catch (RuntimeException e) {
            context.report(this, "start_error", "restartPolicy() threw " + e + "; using never");
            fromCode = RestartPolicy.never();
        }
        if (fromCode != null && !fromCode.equals(codePolicy)) {
            configure(properties, fromCode);
        }
    }

    /** Starts a run, unless one is running or the subsystem is held stopped. */
    synchronized void start() {
        pendingRestart = null;
        if (held || run != null) {
            return;
        }
        Run r = new Run();
        r.thread = context.threads().newThread("subsystem-" + name, () -> execute(r));
        r.handle = new RunHandle(name, context.coordinator().register(name, r.thread));
        r.startedNanos = System.nanoTime();
        run = r;
        startedAt = Instant.now();
        healthFailuresInRow = 0;
        health = Health.healthy();
        transition(SubsystemState.STARTING, "start", null);
        r.thread.start();
        scheduleHealth();
    }

    /**
     * An operator's start: releases the hold, counts the restart intensity afresh, and starts a run
     * now, unless one runs (a run still ending after a stop is followed by the new one).
     *
     * @param reason recorded in the restart history, or {@code null} for a plain start
     */
    synchronized void startByOperator(String reason) {
        held = false;
        tracker = new RestartTracker(settings.policy(), settings.limits(), context.random());
        if (reason != null) {
            remember(new SubsystemInfo.Restart(Instant.now(), reason, 0));
        }
        if (pendingRestart != null) {
            pendingRestart.cancel(false);
            pendingRestart = null;
        }
        if (run != null && (run.stopRequested || run.unhealthy)) {
            // The run is ending (a stop, or failed health checks): the new one follows it.
            startWhenEnded = reason == null ? "start" : reason;
            return;
        }
        start();
    }

    /**
     * Asks the current run to stop and holds the subsystem stopped: no policy restart follows.
     *
     * @return the run's thread to wait for, or {@code null} if nothing runs
     */
    synchronized Thread requestStop(ShutdownReason reason) {
        held = true;
        startWhenEnded = null;
        if (pendingRestart != null) {
            pendingRestart.cancel(false);
            pendingRestart = null;
            transition(SubsystemState.STOPPED, "stop", "stopped while waiting to restart");
        }
        if (run == null) {
            return null;
        }
        run.stopRequested = true;
        // Cancel first, report second: the run starts stopping at once, and it cannot report its
        // end before STOPPING is reported, since that needs this monitor.
        run.handle.cancel(reason);
        if (state == SubsystemState.STARTING || state == SubsystemState.RUNNING) {
            transition(SubsystemState.STOPPING, "stop", reason.toString());
        }
        return run.thread;
    }

    /** Marks the current run forced and interrupts it, for a stop that ran out of time. */
    synchronized void force() {
        if (run != null) {
            run.handle.force();
            run.thread.interrupt();
        }
    }

    synchronized SubsystemInfo info() {
        return new SubsystemInfo(id, name, state, settings.policy(), registeredAt, Optional.ofNullable(startedAt),
                Optional.ofNullable(stoppedAt), restartCount, Optional.ofNullable(lastError), health, List.copyOf(restarts), held);
    }

    // --- a run -----------------------------------------------------------------------------------

    private void execute(Run r) {
        Throwable failure = null;
        Subsystem instance = null;
        try {
            instance = objects.getService();
            if (instance == null) {
                throw new DaemonException(ErrorCode.SUBSYSTEM_START_FAILED,
                        "subsystem '" + name + "': its service could not be obtained (did its component fail to activate?)");
            }
            r.instance = instance;
            codePolicy(instance);
            synchronized (this) {
                if (state == SubsystemState.STARTING) {
                    transition(SubsystemState.RUNNING, "start", null);
                }
            }
            instance.run(r.handle);
        } catch (Throwable t) { // whatever a subsystem throws is its failure, not the supervisor's
            failure = t;
        } finally {
            r.instance = null;
            if (instance != null) {
                release(instance);
            }
            r.handle.ready();
            ended(r, failure);
        }
    }

    private void release(Subsystem instance) {
        try {
            objects.ungetService(instance);
        } catch (RuntimeException e) {
            // The service went away while it ran; there is nothing left to release.
        }
    }

    private synchronized void ended(Run r, Throwable failure) {
        if (run != r) {
            return;
        }
        run = null;
        if (healthTask != null) {
            healthTask.cancel(false);
            healthTask = null;
        }
        stoppedAt = Instant.now();
        Duration runTime = Duration.ofNanos(System.nanoTime() - r.startedNanos);
        if (failure != null) {
            lastError = failure(failure);
        }
        boolean failed = failure != null || r.unhealthy;
        String why = failure != null ? lastError.message() : r.unhealthy ? lastError.message() : "returned";
        transition(failed ? SubsystemState.FAILED : SubsystemState.STOPPED, "child_terminated", why);
        if (startWhenEnded != null && !held && !context.coordinator().isShutdown()) {
            String operator = startWhenEnded;
            startWhenEnded = null;
            context.report(this, "operator", operator);
            start();
            notifyAll();
            return;
        }
        if (r.stopRequested || held) {
            notifyAll();
            return;
        }
        if (context.coordinator().isShutdown()) {
            notifyAll();
            return;
        }
        RestartDecision decision = tracker.decide(failed, runTime, System.nanoTime());
        switch (decision.action()) {
            case RESTART -> {
                restartCount++;
                remember(new SubsystemInfo.Restart(Instant.now(), decision.reason(), decision.delay().toMillis()));
                transition(SubsystemState.RESTARTING, "restart", decision.reason() + "; in " + decision.delay().toMillis() + " ms");
                pendingRestart = context.scheduler().schedule(this::start, decision.delay().toNanos(), TimeUnit.NANOSECONDS);
            }
            case GIVE_UP -> {
                if (state != SubsystemState.FAILED) {
                    lastError = new SubsystemInfo.Failure(Instant.now(), decision.reason(), "");
                    transition(SubsystemState.FAILED, "child_terminated", decision.reason());
                }
                context.intensityReached(this, decision.reason(), settings.limits().escalate());
            }
            case STOP, FAIL -> context.report(this, "no_restart", decision.reason());
        }
        notifyAll();
    }

    private void remember(SubsystemInfo.Restart restart) {
        restarts.addLast(restart);
        while (restarts.size() > SubsystemInfo.HISTORY) {
            restarts.removeFirst();
        }
    }

    // --- health ------------------------------------------------------------------------------------

    /**
     * Starts a health check, on a thread of its own so that a slow check cannot hold the scheduler.
     * At most one check per subsystem is in flight: while a check that timed out has still not
     * returned (a hung {@code health()}), each later check counts as failed at once, without a
     * thread (before, every interval leaked one).
     */
    private void checkHealth() {
        Run r;
        Subsystem instance;
        Duration timeout;
        HealthCheck check;
        synchronized (this) {
            r = run;
            if (r == null || state != SubsystemState.RUNNING || (instance = r.instance) == null) {
                return;
            }
            if (r.check != null) {
                if (r.check.judged) {
                    judge(r, Health.unhealthy("the previous health check has not returned since it timed out (hung)"));
                }
                return; // else it is within its timeout still
            }
            timeout = settings.healthTimeout();
            check = new HealthCheck();
            r.check = check;
            check.thread = context.threads().newThread("health-" + name, () -> {
                Health result = null;
                Throwable error = null;
                try {
                    result = instance.health();
                } catch (Throwable e) {
                    error = e;
                }
                checkReturned(r, check, result, error);
            });
        }
        check.thread.start();
        context.scheduler().schedule(() -> checkTimedOut(r, check, timeout), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void checkReturned(Run r, HealthCheck check, Health result, Throwable error) {
        if (r.check == check) {
            r.check = null;
        }
        if (!check.judged) {
            check.judged = true;
            judge(r, error != null ? Health.unhealthy("health check threw " + error)
                    : result == null ? Health.unhealthy("health check returned null") : result);
        }
    }

    private synchronized void checkTimedOut(Run r, HealthCheck check, Duration timeout) {
        if (!check.judged) {
            check.judged = true;
            check.thread.interrupt(); // a check that honours interrupts ends now; one that does not stays in flight
            judge(r, Health.unhealthy("health check took longer than " + timeout.toMillis() + " ms"));
        }
    }

    /** One check's verdict: a run failing {@code health.failures} checks in a row is stopped as failed. */
    private void judge(Run r, Health verdict) {
        if (run != r || r.stopRequested || r.unhealthy) {
            return;
        }
        health = verdict;
        if (health.isHealthy()) {
            healthFailuresInRow = 0;
            return;
        }
        healthFailuresInRow++;
        if (healthFailuresInRow < settings.healthFailures()) {
            return;
        }
        r.unhealthy = true;
        lastError = new SubsystemInfo.Failure(Instant.now(), "unhealthy: " + healthFailuresInRow
                + " failed health check(s) in a row; last: " + health.detail(), "");
        transition(SubsystemState.STOPPING, "health_check", lastError.message());
        r.handle.cancel(ShutdownReason.REQUESTED);
    }

    // --- reports -----------------------------------------------------------------------------------

    private void transition(SubsystemState next, String reportContext, String reason) {
        SubsystemState previous = state;
        state = next;
        context.stateChanged(this, info(), previous, reportContext, reason);
    }

    private static SubsystemInfo.Failure failure(Throwable failure) {
        StringWriter stack = new StringWriter();
        failure.printStackTrace(new PrintWriter(stack));
        return new SubsystemInfo.Failure(Instant.now(), failure.toString(), stack.toString());
    }
}
