package io.procdaemon.core.supervisor;

import java.lang.reflect.Method;

/**
 * Creates the threads subsystems run on: daemon platform threads, or virtual threads for a
 * subsystem that asks ({@code subsystem.thread = virtual}) where the JVM has them (21+). Platform
 * is the default because the JVM does not time-slice virtual threads: a CPU-bound run holds its
 * carrier, and one per CPU starves every other virtual thread (measured in docs/PERFORMANCE.md).
 * The code is compiled for Java 17, so the virtual-thread builder is reached by reflection, once.
 *
 * <p>A platform run thread is in a thread group named as the thread ({@code subsystem-<name>}),
 * one per subsystem, kept: threads the subsystem starts from its run (its own pool, a
 * {@code new Thread}) are in that group too, by the JDK's default, and the daemon's log names the
 * subsystem on their lines as on the run thread's (the launcher's {@code LogEvent} reads the
 * group's name). Virtual threads have one group of their own; only their name carries it.
 */
final class RunThreads {

    private final java.util.Map<String, ThreadGroup> groups = new java.util.concurrent.ConcurrentHashMap<>();

    private final Method ofVirtual;
    private final Method name;
    private final Method unstarted;

    private RunThreads(Method ofVirtual, Method name, Method unstarted) {
        this.ofVirtual = ofVirtual;
        this.name = name;
        this.unstarted = unstarted;
    }

    static RunThreads create() {
        try {
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            return new RunThreads(Thread.class.getMethod("ofVirtual"), builder.getMethod("name", String.class),
                    builder.getMethod("unstarted", Runnable.class));
        } catch (ReflectiveOperationException e) {
            return new RunThreads(null, null, null);
        }
    }

    boolean virtual() {
        return ofVirtual != null;
    }

    /**
     * @param virtual a virtual thread if the JVM has them, else a platform thread
     * @return a new, unstarted thread
     */
    Thread newThread(String threadName, Runnable task, boolean virtual) {
        if (virtual && ofVirtual != null) {
            try {
                return (Thread) unstarted.invoke(name.invoke(ofVirtual.invoke(null), threadName), task);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create a virtual thread", e);
            }
        }
        // Never a daemon group: on JDK 17 one is destroyed with its last thread, and the next run's
        // thread could not join it.
        ThreadGroup group = groups.computeIfAbsent(threadName, ThreadGroup::new);
        Thread thread = new Thread(group, task, threadName);
        thread.setDaemon(true);
        return thread;
    }
}
