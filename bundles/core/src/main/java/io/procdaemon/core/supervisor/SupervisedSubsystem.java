package io.procdaemon.core.supervisor;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;

import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

import io.procdaemon.api.AsyncSubsystem;
import io.procdaemon.api.DaemonException;
import io.procdaemon.api.ErrorCode;
import io.procdaemon.api.Health;
import io.procdaemon.api.RestartPolicy;
import io.procdaemon.api.ShutdownCoordinator;
import io.procdaemon.api.ShutdownReason;
import io.procdaemon.api.Subsystem;
import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.SubsystemState;

/**
 * One supervised subsystem at the OSGi edge: its {@link SubsystemMachine} (which decides) and the
 * threads, service objects and timers that carry the decisions out. Everything that reaches the
 * machine goes through the {@link SupervisorLoop} as an event; this class holds no state of its own
 * beyond the references it was made with.
 *
 * <p>Each run gets the service object anew and releases it when the run ends
 * ({@link ComponentServiceObjects}): a DS component of singleton scope that nothing else uses is
 * deactivated when released, so the next run gets a fresh instance (as does every run of a
 * prototype-scope component). An immediate component, or one another bundle also uses, keeps its
 * instance across runs. The object is released only when no health check is calling into it.
 */
final class SupervisedSubsystem implements SubsystemMachine.Edge {

    /** Where a run's service object comes from: the one place OSGi's service objects are used. */
    interface Instances {
        /** @return a service object for a new run, or {@code null} if the service cannot give one */
        Subsystem get();

        /** Gives back what {@link #get()} returned, once the run and every check on it are over. */
        void release(Subsystem instance);

        static Instances of(ComponentServiceObjects<Subsystem> objects) {
            return new Instances() {
                @Override
                public Subsystem get() {
                    return objects.getService();
                }

                @Override
                public void release(Subsystem instance) {
                    try {
                        objects.ungetService(instance);
                    } catch (RuntimeException e) {
                        // The service went away while it ran; there is nothing left to release.
                    }
                }
            };
        }
    }

    /** What the supervisor provides to its children. */
    interface Context {
        ShutdownCoordinator coordinator();

        RunThreads threads();

        /** Runs health checks: platform threads of the supervisor's own, reused. */
        Executor healthChecks();

        /**
         * Launches a run of {@code subsystem} (obtains the service object, activating its
         * component, and calls {@code start} or starts the run's thread) on one of a few platform
         * threads ({@link LaunchPool}), so that thousands of subsystems registered at once do not
         * make thousands of threads wait for the loop.
         */
        void launch(String subsystem, Runnable launch);

        /**
         * Runs what asynchronous subsystems' runs need off the loop: their shutdown callbacks and
         * the release of their service objects: two platform threads, shared by every such run.
         */
        Executor callbacks();

        SupervisorLoop loop();

        /** Reports a transition (log, then listeners and EventAdmin in order); called on the loop. */
        void stateChanged(SupervisedSubsystem subsystem, SubsystemInfo info, SubsystemState previous, String context,
                String reason);

        /** Reports a decision that changes no state (log only). */
        void report(SupervisedSubsystem subsystem, String context, String reason);

        /** The restart intensity was reached. */
        void intensityReached(SupervisedSubsystem subsystem, String reason, boolean escalate);
    }

    private final String name;
    private final ServiceReference<Subsystem> reference;
    private final Instances instances;
    private final Context context;
    private final SubsystemMachine machine;
    /** Said once: the subsystem asks for a virtual thread on a JVM without them. */
    private boolean toldNoVirtualThreads;

    SupervisedSubsystem(long id, String name, ServiceReference<Subsystem> reference, Instances instances,
            Map<String, ?> properties, Duration defaultHealthInterval, DoubleSupplier random, Context context) {
        this.name = name;
        this.reference = reference;
        this.instances = instances;
        this.context = context;
        this.machine = new SubsystemMachine(id, name, properties, defaultHealthInterval, SupervisorClock.SYSTEM, random,
                this);
    }

    String name() {
        return name;
    }

    ServiceReference<Subsystem> reference() {
        return reference;
    }

    /** The machine, for events; touch it on the loop only. */
    SubsystemMachine machine() {
        return machine;
    }

    SubsystemInfo info() {
        return machine.info();
    }

    boolean critical() {
        return machine.critical();
    }

    /**
     * Asks the run to stop.
     *
     * @return completed once no run is left (at once if the supervisor has stopped)
     */
    CompletableFuture<SubsystemInfo> stop(Run.StopCause cause, ShutdownReason reason) {
        CompletableFuture<SubsystemInfo> ended = new CompletableFuture<>();
        if (!context.loop().post(() -> machine.stop(cause, reason, ended))) {
            ended.complete(machine.info());
        }
        return ended;
    }

    void force() {
        context.loop().post(machine::force);
    }

    // --- the edge: carrying out the machine's decisions (called on the loop) ----------------------

    @Override
    public void launch(Run run) {
        boolean virtual = machine.settings().virtualThread();
        if (virtual && !context.threads().virtual() && !toldNoVirtualThreads) {
            toldNoVirtualThreads = true;
            report("start_error", SubsystemSettings.THREAD + "=virtual needs Java 21 or later; runs use platform threads");
        }
        // Made here, started by the launch once run is to be called: the shutdown ladder knows
        // the thread to interrupt from the start; an asynchronous run never starts it.
        Thread thread = context.threads().newThread("subsystem-" + name, () -> runOnOwnThread(run), virtual);
        run.thread = thread;
        run.handle = new RunHandle(name, context.coordinator().register(name, thread), context.callbacks());
        context.launch(name, () -> begin(run));
    }

    @Override
    public void cancel(Run run, ShutdownReason reason) {
        run.handle.cancel(reason);
    }

    @Override
    public void force(Run run) {
        run.handle.force();
        run.thread.interrupt();
        synchronized (run) {
            if (run.launching != null) {
                run.launching.interrupt(); // a start or an activation that has not returned
            }
        }
    }

    @Override
    public void startCheck(Run run, Run.Check check) {
        context.healthChecks().execute(() -> {
            Thread current = Thread.currentThread();
            String poolName = current.getName();
            current.setName("health-" + name);
            Health result = null;
            Throwable error = null;
            synchronized (check) {
                Thread.interrupted(); // an interrupt meant for an earlier check on this pooled thread
                check.thread = current;
            }
            try {
                result = check.instance.health();
            } catch (Throwable e) { // whatever health() throws is its verdict, not the supervisor's
                error = e;
            } finally {
                synchronized (check) {
                    check.thread = null;
                    Thread.interrupted();
                }
                current.setName(poolName);
            }
            Health verdict = result;
            Throwable thrown = error;
            context.loop().post(() -> machine.checkReturned(run, check, verdict, thrown));
        });
    }

    @Override
    public void interrupt(Run.Check check) {
        synchronized (check) {
            if (check.thread != null) {
                check.thread.interrupt();
            }
        }
    }

    @Override
    public void schedule(SubsystemMachine.Timer timer, long token, Duration delay) {
        context.loop().schedule(() -> machine.timerFired(timer, token), delay);
    }

    @Override
    public void transition(SubsystemInfo info, SubsystemState previous, String reportContext, String reason) {
        context.stateChanged(this, info, previous, reportContext, reason);
    }

    @Override
    public void report(String reportContext, String reason) {
        context.report(this, reportContext, reason);
    }

    @Override
    public void intensityReached(String reason, boolean escalate) {
        context.intensityReached(this, reason, escalate);
    }

    // --- a run: launched on the launch pool, then on its own thread or none ----------------------

    /**
     * Obtains the service object, has the loop decide RUNNING, then hands over: an
     * {@link AsyncSubsystem}'s {@code start} is called here and the run holds no thread after it
     * returns; a plain subsystem's {@code run} gets the run's own thread. The pooled thread carries
     * the subsystem's thread name meanwhile, so the log names the subsystem on its component's
     * activation lines as on its run's.
     */
    private void begin(Run run) {
        Thread current = Thread.currentThread();
        String poolName = current.getName();
        current.setName(run.thread.getName());
        synchronized (run) {
            Thread.interrupted(); // an interrupt meant for an earlier launch on this pooled thread
            run.launching = current;
        }
        Subsystem instance = null;
        try {
            instance = obtain(run);
            if (instance instanceof AsyncSubsystem async) {
                startAsync(run, async);
            } else {
                run.obtained = instance;
                run.thread.start();
            }
        } catch (Throwable t) { // whatever a subsystem throws is its failure, not the supervisor's
            Subsystem held = instance;
            returned(run, t);
            run.whenReleasable(() -> release(run, held), context.callbacks());
        } finally {
            synchronized (run) {
                run.launching = null;
                Thread.interrupted(); // an interrupt meant for this run, not the next one on this thread
            }
            current.setName(poolName);
        }
    }

    /** @return the run's service object, once the loop has decided RUNNING */
    private Subsystem obtain(Run run) {
        Subsystem instance = instances.get();
        if (instance == null) {
            throw new DaemonException(ErrorCode.SUBSYSTEM_START_FAILED,
                    "subsystem '" + name + "': its service could not be obtained (did its component fail to activate?)");
        }
        RestartPolicy fromCode;
        String problem = null;
        try {
            fromCode = instance.restartPolicy();
        } catch (RuntimeException e) {
            problem = "restartPolicy() threw " + e + "; using never";
            fromCode = RestartPolicy.never();
        }
        RestartPolicy policy = fromCode;
        String why = problem;
        // RUNNING is decided before run is entered, as it was reported before: whoever sees the
        // run's first effects sees the subsystem RUNNING (a stopped loop answers at once).
        context.loop().call(() -> {
            machine.runStarted(run, instance, policy, why);
            return null;
        }).exceptionally(stopped -> null).join();
        return instance;
    }

    /** A plain subsystem's run, on the run's own thread. */
    private void runOnOwnThread(Run run) {
        Subsystem instance = run.obtained;
        Throwable failure = null;
        try {
            instance.run(run.handle);
        } catch (Throwable t) { // whatever a subsystem throws is its failure, not the supervisor's
            failure = t;
        }
        returned(run, failure);
        run.awaitRelease();
        release(run, instance);
    }

    /**
     * Calls {@code start} and hands the run's end to whichever thread completes its stage: from
     * then on the run holds no thread. {@code start} throwing, or returning {@code null}, is
     * a failed run, as {@code run} throwing is.
     */
    private void startAsync(Run run, AsyncSubsystem instance) throws Exception {
        CompletionStage<?> stage = instance.start(run.handle);
        if (stage == null) {
            throw new DaemonException(ErrorCode.SUBSYSTEM_START_FAILED, "subsystem '" + name + "': "
                    + instance.getClass().getName() + ".start returned null; it must return a CompletionStage"
                    + " that completes when the run is over");
        }
        stage.whenComplete((result, failure) -> {
            returned(run, unwrap(failure));
            run.whenReleasable(() -> release(run, instance), context.callbacks());
        });
    }

    /** A failure as the stage reports it: what {@code thenApply} and friends wrapped, unwrapped. */
    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** The run is over: {@code run} returned or threw, or the stage completed. */
    private void returned(Run run, Throwable failure) {
        context.loop().post(() -> machine.runReturned(run, failure));
    }

    /** Gives the service object back once no check calls into it, and ends the run. */
    private void release(Run run, Subsystem instance) {
        if (instance != null) {
            instances.release(instance);
        }
        run.handle.ready();
        context.loop().post(() -> machine.runEnded(run));
    }
}
