package io.procdaemon.core.supervisor;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The supervisor's own platform threads (listeners' thread, health checks' pool): daemon threads,
 * ended after 30 s idle, and marked, so a call from one of them into the supervisor can tell that
 * it must not wait for its own pool.
 */
final class OwnThreads {

    private static final ThreadLocal<String> POOL = new ThreadLocal<>();

    private OwnThreads() {
    }

    /**
     * @param name the thread's name; with {@code max > 1}, the pool's, numbered
     * @param max 1 for one thread working through {@code queue} in order
     * @param queue a {@link SynchronousQueue} for a thread per task up to {@code max}; a queue
     *        that holds tasks for {@code max} threads working through it
     */
    static ThreadPoolExecutor pool(String name, int max, BlockingQueue<Runnable> queue) {
        AtomicLong count = new AtomicLong();
        // A pool grows past its core size only when its queue refuses a task: with a holding
        // queue the core size is the size, and idle threads still end (allowCoreThreadTimeOut).
        int core = queue instanceof SynchronousQueue ? 0 : max;
        ThreadPoolExecutor executor = new ThreadPoolExecutor(core, max, 30, TimeUnit.SECONDS, queue, task -> {
            Runnable marked = () -> {
                POOL.set(name);
                task.run();
            };
            Thread thread = new Thread(marked, max == 1 ? name : name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** @return whether the calling thread is one of these */
    static boolean current() {
        return POOL.get() != null;
    }
}
