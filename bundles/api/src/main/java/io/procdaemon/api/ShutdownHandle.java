package io.procdaemon.api;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One participant's view of the daemon's shutdown, obtained from
 * {@link ShutdownCoordinator#register(String, Thread)}.
 *
 * <p>Every handle sees shutdown at the same moment: when the first
 * {@link ShutdownCoordinator#initiate(ShutdownReason) initiate} succeeds. The coordinator waits, up to the
 * graceful deadline, for every handle to call {@link #ready()}; then it forces those left
 * ({@link #isForced()} becomes {@code true} and the handle's worker thread is interrupted).
 *
 * <p>All methods are thread-safe.
 */
@ProviderType
public interface ShutdownHandle {

    /**
     * Returns the name this handle was registered under.
     *
     * @return the name this handle was registered under
     */
    String name();

    /**
     * Returns {@code true} once shutdown has been initiated; never goes back to {@code false}.
     *
     * @return {@code true} once shutdown has been initiated; never goes back to {@code false}
     */
    boolean isShutdown();

    /**
     * Blocks until shutdown is initiated.
     *
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    void awaitShutdown() throws InterruptedException;

    /**
     * Blocks until shutdown is initiated or {@code timeout} has passed.
     *
     * @param timeout how long to wait at most; zero or negative does not wait
     * @return {@code true} if shutdown has been initiated
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    boolean awaitShutdown(Duration timeout) throws InterruptedException;

    /**
     * Returns a stage that completes, with the reason, when {@link #isShutdown()} turns {@code true}:
     * the way to hear of shutdown without a thread waiting for it (an {@link AsyncSubsystem}).
     *
     * <p>Actions attached before shutdown run on one of the daemon's asynchronous threads, shared by
     * every handle: they must not block (start the closing and return). Attached after shutdown
     * began, they run at once on the attaching thread. The stage is read-only: completing it from
     * outside is not possible.
     *
     * @return completes with the shutdown's reason once shutdown has been initiated (for a
     *         subsystem's run: once the run has been asked to stop); never completes exceptionally
     * @since 1.4
     */
    CompletionStage<ShutdownReason> shutdownRequested();

    /**
     * Tells the coordinator that this participant has finished: it holds nothing that shutdown must
     * wait for. Idempotent. Calling it before shutdown is allowed (the participant ended on its own)
     * and means the coordinator will not wait for it.
     */
    void ready();

    /**
     * Returns {@code true} once {@link #ready()} has been called.
     *
     * @return {@code true} once {@link #ready()} has been called
     */
    boolean isReady();

    /**
     * Returns {@code true} once the graceful deadline has passed (or a second TERM/INT arrived) while
     * shutdown is in progress: finish now, the worker thread has been interrupted.
     *
     * @return {@code true} once the graceful deadline has passed (or a second TERM/INT arrived)
     *         while shutdown is in progress: finish now, the worker thread has been interrupted
     */
    boolean isForced();

    /**
     * Returns the reason of the shutdown in progress, or empty while the daemon runs.
     *
     * @return the reason of the shutdown in progress, or empty while the daemon runs
     */
    Optional<ShutdownReason> reason();

    /**
     * Returns time left until the graceful deadline, {@link Duration#ZERO} once it has passed, or the whole
     * graceful timeout while no shutdown is in progress.
     *
     * @return time left until the graceful deadline, {@link Duration#ZERO} once it has passed, or
     *         the whole graceful timeout while no shutdown is in progress
     */
    Duration timeRemaining();
}
