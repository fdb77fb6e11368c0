package io.procdaemon.core.supervisor;

import static java.lang.System.Logger.Level.ERROR;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The supervisor's one owner thread ({@code procdaemon-supervisor}, a platform thread, so no
 * subsystem can starve it): every event of every {@link SubsystemMachine} runs here, in the order
 * posted, and so do the timers the machines set. A machine's state is touched by this thread only,
 * which is why nothing in a machine locks.
 *
 * <p>Events must not block: they decide and enqueue. Threads that need an answer (an operator's
 * stop waiting for the run to end) wait outside, on a future the event completes.
 */
final class SupervisorLoop {

    private static final System.Logger LOG = System.getLogger("io.procdaemon.supervisor");

    private final ScheduledThreadPoolExecutor executor;

    SupervisorLoop(String threadName) {
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Runs {@code event} on the owner thread after every event posted before it.
     *
     * @return {@code false} if the loop has stopped and the event was dropped
     */
    boolean post(Runnable event) {
        try {
            executor.execute(() -> handle(event));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Runs {@code event} on the owner thread and completes the future with its result. */
    <T> CompletableFuture<T> call(Supplier<T> event) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!post(() -> result.complete(event.get()))) {
            result.completeExceptionally(new IllegalStateException("the supervisor has stopped"));
        }
        return result;
    }

    /** Posts {@code event} after {@code delay}; dropped if the loop stops before. */
    void schedule(Runnable event, Duration delay) {
        try {
            executor.schedule(() -> handle(event), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The supervisor has stopped: nothing is left to time.
        }
    }

    /**
     * Stops the loop: events posted from now on are dropped.
     *
     * @return {@code true} if the event running (if any) has finished, so other threads may touch
     *         the machines
     */
    boolean stop() {
        executor.shutdownNow();
        try {
            return executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** An event that throws is a bug of the supervisor: say so, and keep the loop for the others. */
    private static void handle(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException | Error e) {
            LOG.log(ERROR, "supervisor: an event failed; the supervisor goes on with the next", e);
        }
    }
}
