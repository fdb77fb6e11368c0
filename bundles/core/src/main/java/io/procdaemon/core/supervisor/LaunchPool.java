package io.procdaemon.core.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The threads that launch runs (the service object obtained, which activates a delayed component,
 * RUNNING decided, the run handed over): eight, plus one for each launch that has not returned
 * after {@link #STALLED_AFTER}.
 *
 * <p>Eight, because one thread per launch made 10,000 subsystems registered at once into 8,500
 * threads waiting for the loop (docs/PERFORMANCE.md). Plus one per stalled launch, because a
 * launch runs code the daemon does not own: a component whose activation never returns, or an
 * {@code AsyncSubsystem.start} that blocks, holds its thread, and eight of them would otherwise
 * leave every later subsystem, however healthy, waiting to start with nothing said. A stalled
 * launch is named once ({@link #stalled()}), and its extra thread goes when it returns.
 *
 * <p>Thread-safe: launches begin and end on the pool's threads; {@link #stalled()} is called on
 * the supervisor's loop. One lock guards what is in flight, so a launch that returns while it is
 * being named stalled gives its extra thread back.
 */
final class LaunchPool {

    /** Threads when no launch is stalled. */
    static final int THREADS = 8;
    /** How long a launch may run before it counts as stalled and another thread takes the queue. */
    static final Duration STALLED_AFTER = Duration.ofSeconds(2);

    /** A launch a thread has begun: whose, and since when ({@link SupervisorClock#nanoTime()}). */
    private static final class Launch {
        final String subsystem;
        final long began;
        /** Set once, by {@link #stalled()}, which named it. */
        boolean stalled;

        Launch(String subsystem, long began) {
            this.subsystem = subsystem;
            this.began = began;
        }
    }

    private final SupervisorClock clock;
    private final ThreadPoolExecutor executor;
    /** Guarded by {@code this}. */
    private final Set<Launch> inFlight = new HashSet<>();
    /** Guarded by {@code this}: the stalled launches still in flight, each worth one extra thread. */
    private int stalledInFlight;

    LaunchPool(String name, SupervisorClock clock) {
        this.clock = clock;
        this.executor = OwnThreads.pool(name, THREADS, new LinkedBlockingQueue<>());
        // Grown through the core size (a holding queue never grows a pool past it): the maximum
        // only has to allow that.
        executor.setMaximumPoolSize(Integer.MAX_VALUE);
    }

    /** Queues {@code launch} of {@code subsystem}: it runs when one of the threads is free. */
    void execute(String subsystem, Runnable launch) {
        executor.execute(() -> {
            Launch running = began(subsystem);
            try {
                launch.run();
            } finally {
                returned(running);
            }
        });
    }

    /**
     * Marks the launches running for {@link #STALLED_AFTER} or longer as stalled, and gives each
     * a thread in its place, so the launches queued behind it go on.
     *
     * @return the subsystems whose launch stalled since the last call, each named once
     */
    List<String> stalled() {
        long now = clock.nanoTime();
        long bound = STALLED_AFTER.toNanos();
        List<String> named = new ArrayList<>();
        synchronized (this) {
            for (Launch launch : inFlight) {
                if (!launch.stalled && now - launch.began >= bound) {
                    launch.stalled = true;
                    stalledInFlight++;
                    named.add(launch.subsystem);
                }
            }
            if (!named.isEmpty()) {
                executor.setCorePoolSize(THREADS + stalledInFlight);
            }
        }
        return named;
    }

    /** @return the launches running: {@link #stalled()} need only be asked while there are any */
    synchronized int inFlight() {
        return inFlight.size();
    }

    /** @return the launches queued, not begun */
    int queued() {
        return executor.getQueue().size();
    }

    /** @return the threads the pool keeps now: {@link #THREADS} plus one per stalled launch */
    int threads() {
        return executor.getCorePoolSize();
    }

    private synchronized Launch began(String subsystem) {
        Launch launch = new Launch(subsystem, clock.nanoTime());
        inFlight.add(launch);
        return launch;
    }

    private synchronized void returned(Launch launch) {
        inFlight.remove(launch);
        if (launch.stalled) {
            stalledInFlight--;
            executor.setCorePoolSize(THREADS + stalledInFlight);
        }
    }

    /** Takes no more launches (the supervisor is deactivating); those queued still run. */
    void shutdown() {
        executor.shutdown();
    }
}
