package io.procdaemon.itests.framework;

import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The platform threads running a method of the shell's commands, found by their stacks. Gogo runs
 * each command on a platform thread of its session's pool, so a command still running shows here
 * on every JDK (the shell's own connection threads may be virtual, which this cannot see).
 */
final class CommandThreads {

    static final String COMMANDS = "io.procdaemon.shell.commands.SubsystemCommands";

    private CommandThreads() {
    }

    /** @return how many threads are inside {@code SubsystemCommands.<method>} now */
    static long running(String method) {
        return Thread.getAllStackTraces().values().stream()
                .filter(stack -> Arrays.stream(stack).anyMatch(frame -> COMMANDS.equals(frame.getClassName())
                        && method.equals(frame.getMethodName())))
                .count();
    }

    /**
     * Waits, within the bound, until a {@code daemon:events -f} waits for the next change: its
     * follower is registered before it first waits, so a change made after this is printed.
     */
    static void awaitFollowing() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(InFrameworkTestSupport.BOUND_SECONDS);
        while (Thread.getAllStackTraces().values().stream().noneMatch(CommandThreads::following)) {
            assertTrue("no daemon:events -f is waiting for changes", System.nanoTime() < deadline);
            Thread.sleep(10);
        }
    }

    private static boolean following(StackTraceElement[] stack) {
        for (int i = 1; i < stack.length; i++) {
            if (COMMANDS.equals(stack[i].getClassName()) && "events".equals(stack[i].getMethodName())) {
                return "take".equals(stack[i - 1].getMethodName());
            }
        }
        return false;
    }

    /** Waits, within the bound, until no thread is inside {@code SubsystemCommands.<method>}. */
    static void awaitNone(String method) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(InFrameworkTestSupport.BOUND_SECONDS);
        while (running(method) > 0) {
            assertTrue(running(method) + " thread(s) still in " + COMMANDS + "." + method, System.nanoTime() < deadline);
            Thread.sleep(20);
        }
    }

    /** Waits, within the bound, until no platform thread's name starts with {@code prefix}. */
    static void awaitNoThreadNamed(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(InFrameworkTestSupport.BOUND_SECONDS);
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith(prefix))) {
            assertTrue("a thread named " + prefix + "* lingers", System.nanoTime() < deadline);
            Thread.sleep(20);
        }
    }
}
