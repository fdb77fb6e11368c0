package io.procdaemon.core.shutdown;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

import io.procdaemon.api.ShutdownHandle;
import io.procdaemon.api.ShutdownReason;

/** A participant's handle; all state but its own readiness lives in the {@link ShutdownLadder}. */
final class ParticipantHandle implements ShutdownHandle {

    private final ShutdownLadder ladder;
    private final String name;
    private final Thread worker;
    private final AtomicBoolean ready = new AtomicBoolean();

    ParticipantHandle(ShutdownLadder ladder, String name, Thread worker) {
        this.ladder = ladder;
        this.name = name;
        this.worker = worker;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isShutdown() {
        return ladder.isShutdown();
    }

    @Override
    public void awaitShutdown() throws InterruptedException {
        ladder.awaitInitiated();
    }

    @Override
    public boolean awaitShutdown(Duration timeout) throws InterruptedException {
        return ladder.awaitInitiated(timeout);
    }

    @Override
    public CompletionStage<ShutdownReason> shutdownRequested() {
        return ladder.initiatedStage();
    }

    @Override
    public void ready() {
        if (ready.compareAndSet(false, true)) {
            ladder.markReady(this);
        }
    }

    @Override
    public boolean isReady() {
        return ready.get();
    }

    @Override
    public boolean isForced() {
        return ladder.isForced();
    }

    @Override
    public Optional<ShutdownReason> reason() {
        return ladder.reason();
    }

    @Override
    public Duration timeRemaining() {
        return ladder.timeRemaining();
    }

    /** @return {@code true} if there was a live worker to interrupt */
    boolean interruptWorker() {
        if (worker == null || !worker.isAlive()) {
            return false;
        }
        worker.interrupt();
        return true;
    }

    @Override
    public String toString() {
        return "ShutdownHandle[" + name + (ready.get() ? ", ready" : "") + "]";
    }
}
