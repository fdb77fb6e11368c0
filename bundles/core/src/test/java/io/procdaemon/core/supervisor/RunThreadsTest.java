package io.procdaemon.core.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class RunThreadsTest {

    /**
     * The log names a subsystem on the lines of its run thread and of the threads it starts: those
     * join the run thread's group, named as it (the launcher's LogEvent reads it).
     */
    @Test
    void aRunThreadIsInItsSubsystemsGroupAndWhatItStartsJoinsIt() throws Exception {
        RunThreads threads = RunThreads.create();
        AtomicReference<ThreadGroup> pooled = new AtomicReference<>();
        Thread run = threads.newThread("subsystem-worker", () -> {
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                pool.submit(() -> pooled.set(Thread.currentThread().getThreadGroup())).get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                pool.shutdown();
            }
        }, false);
        ThreadGroup group = run.getThreadGroup();
        assertEquals("subsystem-worker", group.getName());
        assertTrue(run.isDaemon());
        run.start();
        run.join();
        assertSame(group, pooled.get(), "the subsystem's own pool thread");

        Thread next = threads.newThread("subsystem-worker", () -> { }, false);
        assertSame(group, next.getThreadGroup(), "one group per subsystem, kept across runs");
        next.start();
        next.join();
    }
}
