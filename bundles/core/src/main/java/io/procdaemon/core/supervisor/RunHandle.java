package io.procdaemon.core.supervisor;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.procdaemon.api.ShutdownHandle;
import io.procdaemon.api.ShutdownReason;

/**
 * The handle one run of a subsystem receives. It reports shutdown when the supervisor cancels this
 * run (daemon shutdown in dependency order, an operator's stop, failed health checks, the service
 * going away), not merely when the daemon's shutdown begins: that is what lets users stop before
 * the subsystems they depend on. Readiness and forcing go through the run's participant handle
 * with the shutdown coordinator, so the ladder waits for every run and interrupts what is left.
 */
final class RunHandle implements ShutdownHandle {

    private final String name;
    private final ShutdownHandle participant;
    private final Executor callbacks;
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private volatile ShutdownReason reason;
    private volatile boolean forced;
    /** Made on the first {@link #shutdownRequested()}: a run on a thread of its own never asks. */
    private CompletableFuture<ShutdownReason> requested;

    /**
     * @param callbacks where actions attached to {@link #shutdownRequested()} run: never the
     *        supervisor's loop, which cancels runs
     */
    RunHandle(String name, ShutdownHandle participant, Executor callbacks) {
        this.name = name;
        this.participant = participant;
        this.callbacks = callbacks;
    }

    /** Asks the run to stop; the first reason stays. */
    synchronized void cancel(ShutdownReason why) {
        if (reason == null) {
            reason = why;
            if (requested != null) {
                CompletableFuture<ShutdownReason> stage = requested;
                callbacks.execute(() -> stage.complete(why));
            }
        }
        cancelled.countDown();
    }

    /** Marks the run forced, for a stop that ran out of time outside a daemon shutdown. */
    void force() {
        forced = true;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isShutdown() {
        return cancelled.getCount() == 0;
    }

    @Override
    public void awaitShutdown() throws InterruptedException {
        cancelled.await();
    }

    @Override
    public boolean awaitShutdown(Duration timeout) throws InterruptedException {
        return cancelled.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized CompletionStage<ShutdownReason> shutdownRequested() {
        if (requested == null) {
            requested = reason == null ? new CompletableFuture<>() : CompletableFuture.completedFuture(reason);
        }
        return requested.minimalCompletionStage();
    }

    @Override
    public void ready() {
        participant.ready();
    }

    @Override
    public boolean isReady() {
        return participant.isReady();
    }

    @Override
    public boolean isForced() {
        return forced || participant.isForced();
    }

    @Override
    public Optional<ShutdownReason> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public Duration timeRemaining() {
        return participant.timeRemaining();
    }
}
