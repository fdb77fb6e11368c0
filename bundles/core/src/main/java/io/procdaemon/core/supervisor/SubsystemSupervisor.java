package io.procdaemon.core.supervisor;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.event.EventAdmin;

import io.procdaemon.api.DaemonException;
import io.procdaemon.api.ErrorCode;
import io.procdaemon.api.Health;
import io.procdaemon.api.ShutdownCoordinator;
import io.procdaemon.api.ShutdownHandle;
import io.procdaemon.api.ShutdownReason;
import io.procdaemon.api.Subsystem;
import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.SubsystemListener;
import io.procdaemon.api.SubsystemState;
import io.procdaemon.api.Supervisor;

/**
 * The supervisor: runs every {@link Subsystem} service (whiteboard), restarts it by policy,
 * reports every transition, and stops subsystems in reverse dependency order when the daemon
 * shuts down.
 *
 * <p>Reports share one shape, as OTP's supervisor reports do:
 * {@code subsystem=<name> id=<id> context=<start|stop|child_terminated|restart|health_check|no_restart|shutdown> state=<STATE> reason=<why>}.
 *
 * <p>A subsystem's service going away (its bundle stopping, its component deactivated) stops it
 * there and then: the unbind waits until its run has returned, up to the graceful timeout, so the
 * run never outlives the component it uses.
 *
 * <p>Threads: every decision is taken on one owner thread ({@link SupervisorLoop}); each run has a
 * thread of its own for {@code run} (platform unless the subsystem asks for a virtual one), launched
 * from a pool of eight, where an {@code AsyncSubsystem}'s {@code start} is called, its callbacks then
 * running on two shared threads; health checks run on a
 * pool of the supervisor's platform threads; listeners and EventAdmin hear the transitions on one
 * more thread, in the order they happened, so a slow listener delays no decision.
 */
@Component(service = {Supervisor.class, SupervisorLiveness.class}, immediate = true, configurationPid = "io.procdaemon.daemon",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class SubsystemSupervisor implements Supervisor, SupervisedSubsystem.Context, SupervisorLiveness {

    private static final System.Logger LOG = System.getLogger("io.procdaemon.supervisor");
    /** How long an operator's start waits for the loop to take it: it answers in microseconds unless wedged. */
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(30);
    /** How often launches in progress are looked at for stalls: half of {@link LaunchPool#STALLED_AFTER}. */
    private static final Duration STALL_LOOK = LaunchPool.STALLED_AFTER.dividedBy(2);

    private final ShutdownCoordinator coordinator;
    private final ServiceComponentRuntime scr;
    private final RunThreads threads = RunThreads.create();
    private final SupervisorLoop loop = new SupervisorLoop("procdaemon-supervisor");
    private final TransitionReports reports = new TransitionReports(loop);
    private final ThreadPoolExecutor healthChecks = OwnThreads.pool("procdaemon-health", Integer.MAX_VALUE,
            new SynchronousQueue<>());
    /**
     * Asynchronous subsystems' shutdown callbacks and releases: two threads, so one slow callback
     * does not hold every other, and few, so ten thousand runs ending at once do not start ten
     * thousand threads.
     */
    private final ThreadPoolExecutor callbacks = OwnThreads.pool("procdaemon-async", 2, new LinkedBlockingQueue<>());
    /** Launches (the service object obtained, RUNNING decided, run handed over): see {@link LaunchPool}. */
    private final LaunchPool launches = new LaunchPool("procdaemon-launch", SupervisorClock.SYSTEM);
    /** Set while a look for stalled launches is scheduled on the loop. */
    private final AtomicBoolean stallWatch = new AtomicBoolean();
    /** Owner thread only: the shutdown began, so subsystems registered from now on do not start. */
    private boolean shuttingDown;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, SupervisedSubsystem> byName = new ConcurrentHashMap<>();
    private final Map<ServiceReference<Subsystem>, SupervisedSubsystem> byReference = new ConcurrentHashMap<>();
    private volatile Duration defaultHealthInterval;
    /** The supervisor's own place in the shutdown: the ladder waits for it, and it says when forcing began. */
    private final ShutdownHandle participant;

    /**
     * @param coordinator the daemon's shutdown, which the supervisor joins as a participant
     * @param scr the component runtime, whose wiring gives the stop order
     * @param configuration the daemon's configuration ({@code monitoring.*}), if there is one
     */
    @Activate
    public SubsystemSupervisor(@Reference ShutdownCoordinator coordinator, @Reference ServiceComponentRuntime scr,
            Map<String, Object> configuration) {
        this.coordinator = coordinator;
        this.defaultHealthInterval = healthInterval(configuration);
        this.scr = scr;
        this.participant = coordinator.register("supervisor", null);
        Thread waiter = new Thread(this::stopAllOnShutdown, "procdaemon-supervisor-shutdown");
        waiter.setDaemon(true);
        waiter.start();
        LOG.log(INFO, () -> "supervisor started; subsystems run on platform threads"
                + (threads.virtual() ? " (virtual threads on request: " + SubsystemSettings.THREAD + " = virtual)" : ""));
    }

    /** The daemon's configuration changed: a new default health-check interval, applied at once. */
    @Modified
    void modified(Map<String, Object> configuration) {
        Duration interval = healthInterval(configuration);
        if (!interval.equals(defaultHealthInterval)) {
            defaultHealthInterval = interval;
            LOG.log(INFO, () -> "supervisor: default health-check interval " + interval.toMillis() + " ms"
                    + (interval.isZero() ? " (health checks off)" : ""));
            byName.values().forEach(child -> loop.post(() -> child.machine().defaultsChanged(interval)));
        }
    }

    /**
     * monitoring.health_check_interval_ms, or zero while monitoring.health_checks is false. The
     * configuration bundle delivers every key with its default (DaemonSchema), so the supervisor
     * holds no default of its own: without the daemon's configuration at all (the configuration
     * bundle absent) there is no default interval, and only subsystems that set
     * health.interval.ms are checked.
     */
    static Duration healthInterval(Map<String, Object> configuration) {
        if (!Boolean.TRUE.equals(configuration.get("monitoring.health_checks"))) {
            return Duration.ZERO;
        }
        Object millis = configuration.get("monitoring.health_check_interval_ms");
        return millis instanceof Number n && n.longValue() >= 0 ? Duration.ofMillis(n.longValue()) : Duration.ZERO;
    }

    @Override
    public boolean answers(Duration within) {
        try {
            return loop.call(() -> Boolean.TRUE).get(within.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Deactivate
    void deactivate() {
        // Reached without a daemon shutdown only when the core bundle itself stops.
        long deadline = System.nanoTime() + coordinator.timeouts().graceful().toNanos();
        stopInWaves(ShutdownReason.REQUESTED, closeAll(), deadline);
        if (loop.stop()) {
            byName.values().forEach(child -> child.machine().abandon());
        }
        healthChecks.shutdown();
        callbacks.shutdown();
        launches.shutdown();
        reports.close();
    }

    // --- the whiteboard ----------------------------------------------------------------------------

    @Reference(service = Subsystem.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSubsystem(ServiceReference<Subsystem> reference, ComponentServiceObjects<Subsystem> objects) {
        String name = nameOf(reference);
        SupervisedSubsystem child = new SupervisedSubsystem(ids.incrementAndGet(), name, reference,
                SupervisedSubsystem.Instances.of(objects), properties(reference), defaultHealthInterval,
                () -> ThreadLocalRandom.current().nextDouble(), this);
        SupervisedSubsystem existing = byName.putIfAbsent(name, child);
        if (existing != null) {
            LOG.log(ERROR, () -> "subsystem=" + name + " context=start_error reason=\"[SUBSYSTEM_ALREADY_REGISTERED(4003)]"
                    + " the name is taken by the service of bundle " + existing.reference().getBundle().getSymbolicName()
                    + "; this one, from bundle " + reference.getBundle().getSymbolicName()
                    + ", does not run; give it another " + Subsystem.NAME_PROPERTY + "\"");
            return;
        }
        byReference.put(reference, child);
        loop.post(() -> {
            if (shuttingDown) {
                child.machine().close();
                report(child, "start_error", "the daemon is shutting down");
            } else {
                child.machine().start();
            }
        });
    }

    void updatedSubsystem(ServiceReference<Subsystem> reference) {
        SupervisedSubsystem child = byReference.get(reference);
        if (child != null) {
            Map<String, Object> properties = properties(reference);
            loop.post(() -> child.machine().reconfigure(properties));
        }
    }

    void removeSubsystem(ServiceReference<Subsystem> reference) {
        SupervisedSubsystem child = byReference.remove(reference);
        if (child == null) {
            return;
        }
        SubsystemState state = child.info().state();
        if (!(coordinator.isShutdown() && (state == SubsystemState.STOPPED || state == SubsystemState.FAILED))) {
            // Stopped by the shutdown already (nothing starts during it, and a STOPPED or FAILED
            // subsystem has no run): no round trip through the loop. The framework stopping a
            // bundle of 10,000 subsystems spent 2.5 s here, one round trip each.
            stopAndWait(child, Run.StopCause.REMOVED, coordinator.timeouts().graceful());
        }
        byName.remove(child.name(), child);
    }

    @Reference(service = SubsystemListener.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(SubsystemListener listener) {
        reports.add(listener);
    }

    void removeListener(SubsystemListener listener) {
        reports.remove(listener);
    }

    @Reference(service = EventAdmin.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEventAdmin(EventAdmin admin) {
        reports.eventAdmin(admin);
    }

    void unsetEventAdmin(EventAdmin admin) {
        reports.noEventAdmin(admin);
    }

    // --- Supervisor ----------------------------------------------------------------------------------

    @Override
    public List<SubsystemInfo> subsystems() {
        List<SubsystemInfo> infos = new ArrayList<>();
        for (SupervisedSubsystem child : byName.values()) {
            infos.add(child.info());
        }
        infos.sort(Comparator.comparing(SubsystemInfo::name));
        return infos;
    }

    @Override
    public Optional<SubsystemInfo> subsystem(String name) {
        SupervisedSubsystem child = byName.get(name);
        return child == null ? Optional.empty() : Optional.of(child.info());
    }

    @Override
    public Health health() {
        List<String> problems = new ArrayList<>();
        for (SupervisedSubsystem child : byName.values()) {
            if (!child.critical()) {
                continue;
            }
            SubsystemInfo info = child.info();
            if (info.state() != SubsystemState.RUNNING) {
                problems.add(info.name() + " is " + info.state());
            } else if (!info.health().isHealthy()) {
                problems.add(info.name() + " is unhealthy: " + info.health().detail());
            }
        }
        return problems.isEmpty() ? Health.healthy() : Health.unhealthy(String.join("; ", problems));
    }

    @Override
    public SubsystemInfo start(String name) {
        SupervisedSubsystem child = child(name);
        refuseWhileShuttingDown(name, "started");
        report(child, "operator", "start requested");
        return operatorStart(child, null);
    }

    @Override
    public SubsystemInfo stop(String name) {
        SupervisedSubsystem child = child(name);
        report(child, "operator", "stop requested; held stopped until started");
        stopAndWait(child, Run.StopCause.OPERATOR, coordinator.timeouts().graceful());
        return child.info();
    }

    @Override
    public SubsystemInfo restart(String name) {
        SupervisedSubsystem child = child(name);
        refuseWhileShuttingDown(name, "restarted");
        report(child, "operator", "restart requested");
        stopAndWait(child, Run.StopCause.OPERATOR, coordinator.timeouts().graceful());
        if (Thread.currentThread().isInterrupted()) {
            throw new DaemonException(ErrorCode.SUBSYSTEM_STATE_INVALID, "restart of '" + name
                    + "' interrupted while it stopped; it stays stopped until started again");
        }
        return operatorStart(child, "restarted by operator");
    }

    /**
     * Posts the operator's start and waits until the loop has handled it and listeners have heard
     * what it changed: the info returned shows it.
     */
    private SubsystemInfo operatorStart(SupervisedSubsystem child, String reason) {
        try {
            SubsystemInfo info = loop.call(() -> {
                child.machine().operatorStart(reason);
                return child.info();
            }).get(ANSWER_BOUND.toMillis(), TimeUnit.MILLISECONDS);
            reports.awaitHeard();
            return info;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return child.info();
        } catch (ExecutionException | TimeoutException e) {
            throw new DaemonException(ErrorCode.SUBSYSTEM_STATE_INVALID, "subsystem '" + child.name()
                    + "' was not started: the supervisor did not answer (" + e + ")");
        }
    }

    private void refuseWhileShuttingDown(String name, String what) {
        if (coordinator.isShutdown()) {
            throw new DaemonException(ErrorCode.SUBSYSTEM_STATE_INVALID,
                    "the daemon is shutting down; subsystem '" + name + "' is not " + what);
        }
    }

    private SupervisedSubsystem child(String name) {
        SupervisedSubsystem child = name == null ? null : byName.get(name);
        if (child == null) {
            List<String> known = new ArrayList<>(byName.keySet());
            known.sort(null);
            throw new DaemonException(ErrorCode.SUBSYSTEM_NOT_FOUND, "no subsystem '" + name + "'; known: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)));
        }
        return child;
    }

    // --- SupervisedSubsystem.Context -----------------------------------------------------------------

    @Override
    public ShutdownCoordinator coordinator() {
        return coordinator;
    }

    @Override
    public RunThreads threads() {
        return threads;
    }

    @Override
    public Executor healthChecks() {
        return healthChecks;
    }

    @Override
    public void launch(String subsystem, Runnable launch) {
        launches.execute(subsystem, launch);
        watchLaunches();
    }

    /** While launches run, looks every second (on the loop) for those that have stalled. */
    private void watchLaunches() {
        if (stallWatch.compareAndSet(false, true)) {
            loop.schedule(this::lookForStalledLaunches, STALL_LOOK);
        }
    }

    private void lookForStalledLaunches() {
        for (String name : launches.stalled()) {
            LOG.log(WARNING, () -> "subsystem=" + name + " context=start_stalled reason=\"its start has not returned after "
                    + LaunchPool.STALLED_AFTER.toMillis() + " ms (a component activation or AsyncSubsystem.start that"
                    + " blocks); the other subsystems are launched on another thread meanwhile\"");
        }
        stallWatch.set(false);
        // A launch queued after the flag was read above found a look scheduled: look again for it.
        if (launches.inFlight() > 0 || launches.queued() > 0) {
            watchLaunches();
        }
    }

    @Override
    public Executor callbacks() {
        return callbacks;
    }

    @Override
    public SupervisorLoop loop() {
        return loop;
    }

    @Override
    public void stateChanged(SupervisedSubsystem subsystem, SubsystemInfo info, SubsystemState previous, String context,
            String reason) {
        reports.transition(info, previous, context, reason);
    }

    @Override
    public void report(SupervisedSubsystem subsystem, String context, String reason) {
        LOG.log(INFO, () -> "subsystem=" + subsystem.name() + " context=" + context + " reason=\"" + reason + "\"");
    }

    @Override
    public void intensityReached(SupervisedSubsystem subsystem, String reason, boolean escalate) {
        LOG.log(ERROR, () -> "subsystem=" + subsystem.name() + " context=child_terminated state=FAILED reason=\""
                + reason + "\" offender=" + subsystem.name() + (escalate ? " escalate=shutdown" : ""));
        if (escalate) {
            coordinator.initiate(ShutdownReason.ERROR);
        }
    }

    // --- stopping ---------------------------------------------------------------------------------

    private void stopAllOnShutdown() {
        try {
            participant.awaitShutdown();
            ShutdownReason reason = participant.reason().orElse(ShutdownReason.REQUESTED);
            stopInWaves(reason, closeAll(), Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            reports.writeSummaries(true);
            participant.ready();
        }
    }

    /**
     * On the loop: from now on nothing starts, and restarts pending are dropped, before the first
     * wave stops (a provider waiting to restart must not come back before its turn to stop).
     *
     * @return the subsystems to stop
     */
    private List<SupervisedSubsystem> closeAll() {
        try {
            return loop.call(() -> {
                shuttingDown = true;
                List<SupervisedSubsystem> children = new ArrayList<>(byName.values());
                children.forEach(child -> child.machine().close());
                return children;
            }).get();
        } catch (ExecutionException e) {
            return new ArrayList<>(byName.values()); // the loop has stopped: nothing starts anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ArrayList<>(byName.values());
        }
    }

    /**
     * Stops users before providers, each wave in parallel. Waiting ends at {@code deadlineNanos} or
     * when the shutdown ladder starts forcing; the waves left are then asked to stop at once and
     * forced, without waiting.
     */
    private void stopInWaves(ShutdownReason reason, List<SupervisedSubsystem> children, long deadlineNanos) {
        Map<String, SupervisedSubsystem> byChildName = new HashMap<>();
        children.forEach(child -> byChildName.put(child.name(), child));
        List<Set<String>> waves = StopOrder.waves(byChildName.keySet(), ServiceWiring.dependencies(scr, children));
        boolean waiting = true;
        for (Set<String> wave : waves) {
            LOG.log(INFO, () -> "supervisor context=shutdown reason=\"" + reason + "\" stopping=" + names(wave));
            long began = System.nanoTime();
            boolean summary = wave.size() > TransitionReports.WAVE_LINES && loop.post(reports::beginWaveSummary);
            List<CompletableFuture<SubsystemInfo>> ending = new ArrayList<>();
            for (String name : wave) {
                ending.add(byChildName.get(name).stop(Run.StopCause.SHUTDOWN, reason));
            }
            int stopped = 0;
            for (CompletableFuture<SubsystemInfo> ended : ending) {
                waiting = waiting && awaitUntil(ended, deadlineNanos);
                stopped += ended.isDone() ? 1 : 0;
            }
            if (!waiting) {
                wave.forEach(name -> byChildName.get(name).force());
            }
            if (summary) {
                int count = stopped;
                long millis = (System.nanoTime() - began) / 1_000_000;
                int lines = loop.call(reports::endWaveSummary).exceptionally(loopStopped -> 0).join();
                LOG.log(INFO, () -> "supervisor context=shutdown reason=\"" + reason + "\" stopped=" + count + " of "
                        + wave.size() + " in " + millis + " ms"
                        + (count < wave.size() ? "; the others were forced and are reported as they end" : "")
                        + " (" + lines + " STOPPING and STOPPED lines summarised here; FAILED ones are written)");
            }
        }
    }

    /** A wave's names for the log: all of a small wave, the first 20 of a large one and how many more. */
    static String names(Set<String> wave) {
        if (wave.size() <= 20) {
            return wave.toString();
        }
        List<String> first = new ArrayList<>(wave).subList(0, 20);
        return "[" + String.join(", ", first) + ", and " + (wave.size() - 20) + " more]";
    }

    /** @return false once the deadline passed or the ladder is forcing */
    private boolean awaitUntil(CompletableFuture<SubsystemInfo> ended, long deadlineNanos) {
        try {
            while (true) {
                if (System.nanoTime() - deadlineNanos >= 0 || participant.isForced()) {
                    return ended.isDone();
                }
                try {
                    ended.get(20, TimeUnit.MILLISECONDS);
                    return true;
                } catch (TimeoutException e) {
                    // Look at the deadline and the ladder again.
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true; // never completed exceptionally; counted as ended
        }
    }

    /** Stops one subsystem and waits for its run to end; a run still going at the timeout is forced. */
    private void stopAndWait(SupervisedSubsystem child, Run.StopCause cause, Duration timeout) {
        CompletableFuture<SubsystemInfo> ended = child.stop(cause, ShutdownReason.REQUESTED);
        try {
            try {
                ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.log(WARNING, () -> "subsystem=" + child.name() + " context=shutdown_error reason=\"still running "
                        + timeout.toMillis() + " ms after it was asked to stop; interrupting it\"");
                child.force();
                ended.get(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Still running after the force: the caller reports its state as it is (STOPPING).
        }
        reports.awaitHeard();
    }

    // --- names and properties ------------------------------------------------------------------------

    static String nameOf(ServiceReference<?> reference) {
        Object name = reference.getProperty(Subsystem.NAME_PROPERTY);
        if (name == null || name.toString().isBlank()) {
            // @Supervised without a name writes subsystem.name="": the component's name then.
            name = reference.getProperty(ComponentConstants.COMPONENT_NAME);
        }
        if (name == null) {
            name = "service-" + reference.getProperty(org.osgi.framework.Constants.SERVICE_ID);
        }
        return name.toString();
    }

    private static Map<String, Object> properties(ServiceReference<?> reference) {
        Map<String, Object> properties = new HashMap<>();
        for (String key : reference.getPropertyKeys()) {
            properties.put(key, reference.getProperty(key));
        }
        return properties;
    }
}
