package io.procdaemon.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A unit of long-running work that the daemon supervises.
 *
 * <p>Register an implementation as an OSGi service (usually a Declarative Services component with
 * {@code @Component(service = Subsystem.class)}); the container finds it on the whiteboard, runs
 * {@link #run(ShutdownHandle)} on a thread of its own, and applies the {@link #restartPolicy()} when
 * it ends. A subsystem that only waits for events can instead implement {@link AsyncSubsystem}
 * and hold no thread at all.
 *
 * <p>The subsystem's name is its service property {@value #NAME_PROPERTY}; a DS component that does
 * not set it is known by its component name ({@code component.name}).
 */
@ConsumerType
public interface Subsystem {

    /** Service property naming the subsystem; names are unique within a daemon. */
    String NAME_PROPERTY = "subsystem.name";
    /** Service property: whether the daemon is unhealthy while this subsystem is (default {@code true}). */
    String CRITICAL_PROPERTY = "subsystem.critical";

    /**
     * Runs until the work is done or {@code shutdown} says to stop.
     *
     * <p>Returning normally is a clean exit; throwing is a failure. A well-behaved subsystem watches
     * {@link ShutdownHandle#isShutdown()} (or blocks in {@link ShutdownHandle#awaitShutdown()}),
     * releases its resources, and returns before {@link ShutdownHandle#timeRemaining()} runs out.
     * After the graceful deadline its thread is interrupted and {@link ShutdownHandle#isForced()}
     * is {@code true}.
     *
     * @param shutdown this run's handle on the daemon's shutdown; never {@code null}
     * @throws Exception any failure; it is recorded as the subsystem's last error
     */
    void run(ShutdownHandle shutdown) throws Exception;

    /**
     * How the container reacts when {@link #run(ShutdownHandle)} ends; service properties may
     * override it.
     *
     * @return the policy; by default {@link RestartPolicy#never()}
     */
    default RestartPolicy restartPolicy() {
        return RestartPolicy.never();
    }

    /**
     * Checks the subsystem's health. The container calls it every monitoring interval while the
     * subsystem runs, on a thread of its own (never the one running {@link #run(ShutdownHandle)}),
     * with a time limit; a check that throws or exceeds the limit counts as unhealthy. After a
     * number of failed checks in a row the run counts as failed and the restart policy applies.
     *
     * @return the health; by default always healthy
     * @throws Exception counts as unhealthy, with the exception as the detail
     */
    default Health health() throws Exception {
        return Health.healthy();
    }
}
