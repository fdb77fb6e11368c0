package io.procdaemon.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A subsystem that holds no thread while it runs: the asynchronous form of {@link Subsystem}, as the
 * Rust crate's subsystems are {@code async}. Register it as a {@link Subsystem} service, as any
 * other: the supervisor sees that it implements this interface and calls
 * {@link #start(ShutdownHandle)} instead of {@link #run(ShutdownHandle)}.
 *
 * <p>{@code start} sets the work going (a listening socket, a timer, callbacks on a client
 * library's threads) and returns at once with a stage that completes when the run is over:
 * normally for a clean end, exceptionally for a failure; the restart policy then applies as for
 * {@code run}. Between the two the subsystem costs the daemon no thread at all, which is what lets
 * one daemon hold thousands of idle subsystems on any Java version (a platform thread costs about
 * 45 KiB of memory and a kernel task; see docs/PERFORMANCE.md).
 *
 * <p>To stop, react to {@link ShutdownHandle#shutdownRequested()} and complete the stage. Code
 * attached to that stage runs on one of the daemon's few asynchronous threads, shared by every
 * asynchronous subsystem: it must not block (start the closing, and complete the run's stage from
 * whatever thread finishes it). A forced stop has no thread to interrupt: {@link
 * ShutdownHandle#isForced()} turns {@code true} and the run counts as still stopping until its
 * stage completes.
 *
 * <p>Health checks, restart policies, properties and {@link Supervised @Supervised} apply as to
 * any subsystem.
 *
 * @since 1.4
 */
@ConsumerType
public interface AsyncSubsystem extends Subsystem {

    /**
     * Starts the run and returns without waiting for it. Called on one of the supervisor's eight
     * launch threads, named as the subsystem's thread for the call (so its log lines name the
     * subsystem) and shared by every launch: it may block briefly (open a socket), never for the
     * run's length. A call still running after 2 s is named in the log ({@code start_stalled}) and
     * another thread takes its place for the other launches; a stop that runs out of time
     * interrupts it.
     *
     * @param shutdown this run's handle; {@link ShutdownHandle#shutdownRequested()} says when to stop
     * @return completes when the run is over: normally for a clean end, exceptionally with the
     *         failure; never {@code null}
     * @throws Exception a failure to start, treated as a failed run
     */
    CompletionStage<?> start(ShutdownHandle shutdown) throws Exception;

    /**
     * Runs on the calling thread: {@link #start(ShutdownHandle) starts} and waits until the stage
     * completes. The supervisor never calls it; it is here for code that runs a subsystem by hand
     * (a test, a main method).
     *
     * @param shutdown the run's handle
     * @throws Exception the failure the stage completed with, or the one {@code start} threw
     */
    @Override
    default void run(ShutdownHandle shutdown) throws Exception {
        CompletionStage<?> stage = start(shutdown);
        if (stage == null) {
            throw new IllegalStateException(getClass().getName() + ".start returned null instead of a CompletionStage");
        }
        CompletableFuture<Object> done = new CompletableFuture<>();
        stage.whenComplete((result, failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure);
            } else {
                done.complete(result);
            }
        });
        try {
            done.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException wrapped && wrapped.getCause() != null
                    ? wrapped.getCause() : e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new ExecutionException(cause);
        }
    }
}
