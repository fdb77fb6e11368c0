package io.procdaemon.shell.server;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Threads for shell connections and their commands: daemon platform threads, never virtual ones.
 * The JVM does not time-slice virtual threads, so subsystems that opt into them
 * ({@code subsystem.thread = virtual}) and compute without blocking, one per CPU, would hold every
 * carrier and leave an operator's connection accepted but never served (measured on JDK 25:
 * {@code client daemon:list} hung past 15 s). At most {@code procdaemon.shell.max.sessions}
 * connections are open, so platform threads cost little.
 */
final class ShellThreads {

    private ShellThreads() {
    }

    static ThreadFactory factory(String name) {
        AtomicLong count = new AtomicLong();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
