package io.procdaemon.core.supervisor;

import java.util.concurrent.BlockingQueue;
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
     */
    static ThreadPoolExecutor pool(String name, int max, BlockingQueue<Runnable> queue) {
        AtomicLong count = new AtomicLong();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(max == 1 ? 1 : 0, max, 30, TimeUnit.SECONDS, queue, task -> {
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
