package io.procdaemon.shell.server;

import java.util.concurrent.ThreadFactory;

/**
 * Threads for shell connections and their commands: virtual where the JVM has them (21+), found by
 * reflection so the bundle still runs on 17, where they are daemon platform threads.
 */
final class ShellThreads {

    private ShellThreads() {
    }

    static ThreadFactory factory(String name) {
        try {
            // Through the public interface Thread.Builder: its implementations are not accessible.
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            builder = builderType.getMethod("name", String.class, long.class).invoke(builder, name + "-", 1L);
            return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException e) {
            java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();
            return task -> {
                Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }
    }
}
