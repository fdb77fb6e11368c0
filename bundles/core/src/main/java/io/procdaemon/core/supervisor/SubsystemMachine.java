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
import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleSupplier;

import io.procdaemon.api.Health;
import io.procdaemon.api.RestartPolicy;
import io.procdaemon.api.ShutdownReason;
import io.procdaemon.api.Subsystem;
import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.SubsystemState;

/**
 * The life of one supervised subsystem, as one explicit state machine: a single state field, the
 * current {@link Run}, and one method per event. Every event of a subsystem (its run started,
 * returned or ended, a timer fired, a health check returned, an operator's command, new settings,
 * the daemon's shutdown) is handled here, one at a time, on its owner's thread (the supervisor's
 * {@link SupervisorLoop}), as OTP's supervisor handles its messages. Nothing here locks or blocks.
 *
 * <p>What the machine decides, the {@link Edge} carries out: threads, service objects, timers,
 * reports. The edge only enqueues (a thread started, a timer set, a report queued); its results
 * come back as events. Reports therefore leave in the order of the transitions, with no lock held.
 *
 * <p>Invariants, kept by construction:
 * <ul>
 * <li>a run exists exactly in STARTING, RUNNING and STOPPING; a restart timer only in RESTARTING;</li>
 * <li>an event about a run that is not the current one, and a timer whose token is not the one
 * pending, change nothing (a late restart timer cannot start a run after a stop or during the
 * shutdown);</li>
 * <li>after {@link #close} or a stop for the shutdown or a removal, nothing starts again;</li>
 * <li>a health check starts only on a run that has its service object and has not returned, and
 * the object is released only when no check is in flight (or the one in flight has timed out);</li>
 * <li>new settings keep the restart history (counts, backoff, intensity window).</li>
 * </ul>
 * The transition table is in {@code docs/architecture.md}.
 */
final class SubsystemMachine {

    /** The timers the machine sets; each carries a token, and only the pending token counts. */
    enum Timer {
        /** the restart policy's delay is over */
        RESTART,
        /** time for the next health check */
        HEALTH,
        /** a health check's time limit */
        CHECK_TIMEOUT
    }

    /** What carries out the machine's decisions. Every method returns at once. */
    interface Edge {
        /** Starts the run: a thread that gets the service object and calls {@code run}. */
        void launch(Run run);

        /** Tells the run to stop (its handle reports shutdown). */
        void cancel(Run run, ShutdownReason reason);

        /** Marks the run forced and interrupts it. */
        void force(Run run);

        /** Calls {@code health()} on {@code check.instance}, off the owner's thread. */
        void startCheck(Run run, Run.Check check);

        /** Interrupts a check that ran out of time. */
        void interrupt(Run.Check check);

        /** Calls {@link SubsystemMachine#timerFired} with {@code token} after {@code delay}. */
        void schedule(Timer timer, long token, Duration delay);

        /** Reports a transition: log, listeners, EventAdmin. */
        void transition(SubsystemInfo info, SubsystemState previous, String context, String reason);

        /** Reports a decision that changes no state. */
        void report(String context, String reason);

        /** The restart intensity was reached. */
        void intensityReached(String reason, boolean escalate);
    }

    private final long id;
    private final String name;
    private final SupervisorClock clock;
    private final DoubleSupplier random;
    private final Edge edge;
    private final Instant registeredAt;
    private final Deque<SubsystemInfo.Restart> restarts = new ArrayDeque<>();
    private final List<CompletableFuture<SubsystemInfo>> waitingForEnd = new ArrayList<>();

    private SubsystemState state = SubsystemState.STOPPED;
    private Run run;
    /** An operator stopped it: no policy restart until an operator starts it. */
    private boolean held;
    /** The daemon shuts down, or its service went away: nothing starts again. */
    private boolean closed;
    /** An operator's start that came while the run was ending: the reason to start with once it has. */
    private String startWhenEnded;
    private long restartTimer;
    private long healthTimer;
    private long tokens;
    private long runs;

    private Map<String, ?> properties;
    private RestartPolicy codePolicy = RestartPolicy.never();
    private Duration defaultHealthInterval;
    private SubsystemSettings settings;
    private RestartTracker tracker;

    private Instant startedAt;
    private Instant stoppedAt;
    private int restartCount;
    private SubsystemInfo.Failure lastError;
    private Health health = Health.healthy();
    private int healthFailuresInRow;

    /** What readers on other threads see: replaced whole after each event. */
    private volatile SubsystemInfo snapshot;
    private volatile boolean critical;

    /**
     * @param properties its service properties; the code's restart policy is learnt from the
     *        first run's instance (getting an instance only to ask would activate it twice)
     * @param defaultHealthInterval the daemon's interval, for a subsystem that sets none
     */
    SubsystemMachine(long id, String name, Map<String, ?> properties, Duration defaultHealthInterval,
            SupervisorClock clock, DoubleSupplier random, Edge edge) {
        this.id = id;
        this.name = name;
        this.clock = clock;
        this.random = random;
        this.edge = edge;
        this.registeredAt = clock.now();
        this.properties = properties;
        this.defaultHealthInterval = defaultHealthInterval;
        configure();
    }

    // --- reading, from any thread -------------------------------------------------------------

    String name() {
        return name;
    }

    SubsystemInfo info() {
        return snapshot;
    }

    boolean critical() {
        return critical;
    }

    /** The settings in force; owner thread only. */
    SubsystemSettings settings() {
        return settings;
    }

    // --- events: commands ---------------------------------------------------------------------

    /** Its service appeared, or the supervisor starts it: the first run. */
    void start() {
        if (closed || held || state != SubsystemState.STOPPED && state != SubsystemState.FAILED) {
            return;
        }
        launch();
    }

    /**
     * An operator's start: releases the hold, counts the restart intensity afresh, and starts a run
     * now. A subsystem waiting to restart restarts now; one whose run is ending starts when it has
     * ended; one that runs is left alone.
     *
     * @param reason recorded in the restart history, or {@code null} for a plain start
     */
    void operatorStart(String reason) {
        if (closed) {
            return;
        }
        held = false;
        tracker.reset();
        if (reason != null) {
            remember(new SubsystemInfo.Restart(clock.now(), reason, 0));
        }
        switch (state) {
            case RESTARTING -> {
                restartTimer = 0;
                launch();
            }
            case STOPPED, FAILED -> launch();
            case STOPPING -> startWhenEnded = reason == null ? "start" : reason;
            case STARTING, RUNNING -> {
                if (run.returned) {
                    startWhenEnded = reason == null ? "start" : reason;
                }
            }
        }
        publish();
    }

    /**
     * Asks the run to stop. An operator's stop holds the subsystem stopped; a stop for the shutdown
     * or for a removed service closes it for good.
     *
     * @param ended completed with the subsystem's info once no run is left (at once if none runs)
     */
    void stop(Run.StopCause cause, ShutdownReason reason, CompletableFuture<SubsystemInfo> ended) {
        if (cause == Run.StopCause.OPERATOR) {
            held = true;
        } else {
            closed = true;
        }
        startWhenEnded = null;
        switch (state) {
            case RESTARTING -> {
                restartTimer = 0;
                transition(SubsystemState.STOPPED, "stop", "stopped while waiting to restart");
            }
            case STARTING, RUNNING -> {
                if (run.stopCause == null) {
                    run.stopCause = cause;
                }
                // Cancel first: the run starts stopping at once; its end is an event after this one.
                edge.cancel(run, reason);
                transition(SubsystemState.STOPPING, "stop", reason.toString());
            }
            case STOPPING, STOPPED, FAILED -> publish();
        }
        if (run == null) {
            ended.complete(snapshot);
        } else {
            waitingForEnd.add(ended);
        }
    }

    /** The daemon's shutdown began: nothing starts again, and a pending restart is dropped. */
    void close() {
        closed = true;
        startWhenEnded = null;
        if (state == SubsystemState.RESTARTING) {
            restartTimer = 0;
            transition(SubsystemState.STOPPED, "shutdown", "stopped while waiting to restart");
        }
    }

    /** A stop ran out of time: the run is forced (its handle says so, its thread is interrupted). */
    void force() {
        if (run != null) {
            edge.force(run);
        }
    }

    /**
     * The supervisor stopped for good (its loop has ended, so this thread may touch the machine):
     * a run still going may release its service object whenever it returns.
     */
    void abandon() {
        closed = true;
        if (run != null) {
            run.allowRelease();
        }
    }

    /** New service properties: the settings apply from the next decision on; the history stays. */
    void reconfigure(Map<String, ?> newProperties) {
        properties = newProperties;
        reconfigured();
        edge.report("reconfigured", "policy " + settings.policy());
    }

    /** The daemon's default health-check interval changed; the current run's checks follow it at once. */
    void defaultsChanged(Duration interval) {
        defaultHealthInterval = interval;
        reconfigured();
    }

    // --- events: the run ------------------------------------------------------------------------

    /**
     * The run has its service object and is about to call {@code run}.
     *
     * @param fromCode what the instance's {@code restartPolicy()} returned, or {@code null}
     * @param problem why {@code restartPolicy()} could not be used, or {@code null}
     */
    void runStarted(Run r, Subsystem instance, RestartPolicy fromCode, String problem) {
        if (r != run || r.returned) {
            return;
        }
        r.instance = instance;
        if (problem != null) {
            edge.report("start_error", problem);
        }
        if (fromCode != null && !fromCode.equals(codePolicy)) {
            codePolicy = fromCode;
            configure();
        }
        if (state == SubsystemState.STARTING) {
            transition(SubsystemState.RUNNING, "start", null);
            scheduleHealth();
        }
    }

    /**
     * {@code run} returned or threw (or the service object could not be obtained). No check starts
     * on the instance from now on; it may be released once no check is in flight.
     */
    void runReturned(Run r, Throwable failure) {
        if (r != run || r.returned) {
            return;
        }
        r.returned = true;
        r.failure = failure;
        r.instance = null;
        healthTimer = 0;
        if (r.check == null || r.check.judged) {
            r.allowRelease();
        }
    }

    /** The run's service object was released: the run is over, and what follows is decided. */
    void runEnded(Run r) {
        if (r != run) {
            return;
        }
        run = null;
        stoppedAt = clock.now();
        Duration runTime = Duration.ofNanos(clock.nanoTime() - r.startedNanos);
        if (r.failure != null) {
            lastError = failure(r.failure);
        }
        boolean failed = r.failure != null || r.stopCause == Run.StopCause.UNHEALTHY;
        String why = failed ? lastError.message() : "returned";
        transition(failed ? SubsystemState.FAILED : SubsystemState.STOPPED, "child_terminated", why);
        next(failed, runTime);
        List<CompletableFuture<SubsystemInfo>> waiting = new ArrayList<>(waitingForEnd);
        waitingForEnd.clear();
        waiting.forEach(future -> future.complete(snapshot));
    }

    private void next(boolean failed, Duration runTime) {
        if (closed) {
            return;
        }
        if (startWhenEnded != null && !held) {
            String operator = startWhenEnded;
            startWhenEnded = null;
            edge.report("operator", operator);
            launch();
            return;
        }
        if (held) {
            return;
        }
        RestartDecision decision = tracker.decide(failed, runTime, clock.nanoTime());
        switch (decision.action()) {
            case RESTART -> {
                restartCount++;
                remember(new SubsystemInfo.Restart(clock.now(), decision.reason(), decision.delay().toMillis()));
                restartTimer = ++tokens;
                transition(SubsystemState.RESTARTING, "restart", decision.reason() + "; in " + decision.delay().toMillis() + " ms");
                edge.schedule(Timer.RESTART, restartTimer, decision.delay());
            }
            case GIVE_UP -> {
                if (state != SubsystemState.FAILED) {
                    lastError = new SubsystemInfo.Failure(clock.now(), decision.reason(), "");
                    transition(SubsystemState.FAILED, "child_terminated", decision.reason());
                }
                edge.intensityReached(decision.reason(), settings.limits().escalate());
            }
            case STOP, FAIL -> edge.report("no_restart", decision.reason());
        }
    }

    // --- events: timers and health checks ---------------------------------------------------------

    /** A timer set through {@link Edge#schedule} fired; only the pending token of its kind counts. */
    void timerFired(Timer timer, long token) {
        switch (timer) {
            case RESTART -> {
                if (state == SubsystemState.RESTARTING && token == restartTimer) {
                    restartTimer = 0;
                    launch();
                }
            }
            case HEALTH -> {
                if (token == healthTimer && healthTimer != 0) {
                    healthTick();
                }
            }
            case CHECK_TIMEOUT -> checkTimedOut(token);
        }
    }

    /**
     * A health check's time: one check in flight at most. While a check that timed out has still
     * not returned (a hung {@code health()}), each tick counts as a failed check, without a call.
     */
    private void healthTick() {
        Run r = run;
        if (r.check == null) {
            Run.Check check = new Run.Check(++tokens, r.instance);
            r.check = check;
            edge.startCheck(r, check);
            edge.schedule(Timer.CHECK_TIMEOUT, check.token, settings.healthTimeout());
        } else if (r.check.judged) {
            judge(r, Health.unhealthy("the previous health check has not returned since it timed out (hung)"));
        }
        if (state == SubsystemState.RUNNING) {
            scheduleHealth();
        }
    }

    /** A health check returned, with a result or an exception. */
    void checkReturned(Run r, Run.Check check, Health result, Throwable error) {
        if (r.check == check) {
            r.check = null;
        }
        if (!check.judged) {
            check.judged = true;
            judge(r, error != null ? Health.unhealthy("health check threw " + error)
                    : result == null ? Health.unhealthy("health check returned null") : result);
        }
        if (r.returned) {
            r.allowRelease();
        }
        publish();
    }

    private void checkTimedOut(long token) {
        Run r = run;
        if (r == null || r.check == null || r.check.token != token || r.check.judged) {
            return;
        }
        r.check.judged = true;
        edge.interrupt(r.check); // a check that honours interrupts ends now; one that does not stays in flight
        judge(r, Health.unhealthy("health check took longer than " + settings.healthTimeout().toMillis() + " ms"));
        if (r.returned) {
            r.allowRelease(); // the hung call is abandoned; the run's end does not wait for it
        }
        publish();
    }

    /** One check's verdict: a run failing {@code health.failures} checks in a row is stopped as failed. */
    private void judge(Run r, Health verdict) {
        if (r != run || r.returned || r.stopCause != null || state != SubsystemState.RUNNING) {
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
        r.stopCause = Run.StopCause.UNHEALTHY;
        lastError = new SubsystemInfo.Failure(clock.now(), "unhealthy: " + healthFailuresInRow
                + " failed health check(s) in a row; last: " + health.detail(), "");
        edge.cancel(r, ShutdownReason.REQUESTED);
        transition(SubsystemState.STOPPING, "health_check", lastError.message());
    }

    // --- the rest ----------------------------------------------------------------------------------

    private void launch() {
        Run r = new Run(++runs, clock.nanoTime());
        run = r;
        startedAt = clock.now();
        healthFailuresInRow = 0;
        health = Health.healthy();
        transition(SubsystemState.STARTING, "start", null);
        edge.launch(r);
    }

    private void scheduleHealth() {
        Duration interval = settings.healthInterval();
        healthTimer = interval.isZero() ? 0 : ++tokens;
        if (healthTimer != 0) {
            edge.schedule(Timer.HEALTH, healthTimer, interval);
        }
    }

    private void reconfigured() {
        Duration before = settings.healthInterval();
        configure();
        if (!settings.healthInterval().equals(before) && state == SubsystemState.RUNNING && !run.returned) {
            scheduleHealth(); // the pending tick's token is replaced, so it fires for nothing
        }
    }

    /** Reads the settings; the restart tracker keeps its history and takes the new policy and limits. */
    private void configure() {
        List<String> problems = new ArrayList<>();
        settings = SubsystemSettings.from(properties, codePolicy, problems, defaultHealthInterval);
        if (tracker == null) {
            tracker = new RestartTracker(settings.policy(), settings.limits(), random);
        } else {
            tracker.reconfigure(settings.policy(), settings.limits());
        }
        critical = settings.critical();
        problems.forEach(problem -> edge.report("start_error", problem));
        publish();
    }

    private void transition(SubsystemState next, String context, String reason) {
        SubsystemState previous = state;
        state = next;
        if (next != SubsystemState.RUNNING) {
            healthTimer = 0;
        }
        edge.transition(publish(), previous, context, reason);
    }

    private SubsystemInfo publish() {
        snapshot = new SubsystemInfo(id, name, state, settings.policy(), registeredAt, Optional.ofNullable(startedAt),
                Optional.ofNullable(stoppedAt), restartCount, Optional.ofNullable(lastError), health,
                List.copyOf(restarts), held);
        return snapshot;
    }

    private void remember(SubsystemInfo.Restart restart) {
        restarts.addLast(restart);
        while (restarts.size() > SubsystemInfo.HISTORY) {
            restarts.removeFirst();
        }
    }

    private SubsystemInfo.Failure failure(Throwable failure) {
        StringWriter stack = new StringWriter();
        failure.printStackTrace(new PrintWriter(stack));
        return new SubsystemInfo.Failure(clock.now(), failure.toString(), stack.toString());
    }
}
