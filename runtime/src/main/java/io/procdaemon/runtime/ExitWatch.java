package io.procdaemon.runtime;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Map;

/**
 * Reports on the JVM's exit, which otherwise ends the log in silence: a JVM shutdown hook
 * registered before any other (by {@link Main}, first thing), so it runs whoever calls
 * {@code System.exit}.
 *
 * <ul>
 * <li>An exit the launcher did not announce ({@link #announce(int)}), and not the shutdown
 * ladder's own exit at its force deadline (which the ladder logs): the thread that called
 * {@code System.exit} is named with its stack. The code it passed is not visible to Java code on
 * JDK 17 (on JDK 21 and later, level FINE for logger {@code java.lang.Runtime} in
 * {@code etc/logging.properties} makes the JDK log it).</li>
 * <li>Exiting that takes longer than {@value #HANG_REPORT_MILLIS} ms: the shutdown hook the JVM is
 * waiting for is named with its stack (found through the lock the exiting thread waits on: the
 * hook's {@code Thread} object, which {@code Thread.join} waits on). Unless it returns, the shutdown
 * ladder halts the JVM at its kill deadline with exit code 9, and says so.</li>
 * </ul>
 * The hook itself returns at once; the waiting is done by a daemon thread, so it never delays the exit.
 */
final class ExitWatch {

    static final long HANG_REPORT_MILLIS = 500;

    private static final System.Logger LOG = System.getLogger("io.procdaemon.launcher");
    /** Frames of a System.exit that someone announced in the log before calling it. */
    private static final String LADDER_EXIT = "io.procdaemon.core.shutdown.LauncherProcessControl";

    private static volatile int announced = -1;

    private ExitWatch() {
    }

    /** Registers the hook; call it before anything else can register one. */
    static void install() {
        Runtime.getRuntime().addShutdownHook(new Thread(ExitWatch::exiting, "procdaemon-exit-report"));
    }

    /** The launcher is about to call {@code System.exit(code)}, and has logged why. */
    static void announce(int code) {
        announced = code;
    }

    private static void exiting() {
        Map.Entry<Thread, StackTraceElement[]> caller = exitCaller();
        if (announced < 0 && (caller == null || !calls(caller.getValue(), LADDER_EXIT))) {
            if (caller == null) {
                LOG.log(WARNING, "the JVM is exiting, not asked by the launcher and not through System.exit"
                        + " (the last non-daemon thread ended, or Runtime.halt from a hook)");
            } else {
                LOG.log(WARNING, () -> "System.exit called by thread '" + caller.getKey().getName()
                        + "', not by the launcher: the JVM exits with the code that call gave; the framework is stopped now."
                        + " The calling thread's stack:" + format(caller.getValue()));
            }
        }
        Thread watch = new Thread(() -> reportIfHanging(caller == null ? null : caller.getKey()), "procdaemon-exit-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static void reportIfHanging(Thread caller) {
        long start = System.nanoTime();
        try {
            Thread.sleep(HANG_REPORT_MILLIS);
        } catch (InterruptedException e) {
            return;
        }
        // Still here: the JVM ends as soon as every hook has returned, this daemon thread with it,
        // unless it is past the hooks, in its own exit work (writing a CDS archive): not a hang.
        if (caller != null && !calls(caller.getStackTrace(), "java.lang.ApplicationShutdownHooks")) {
            return;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        String code = announced < 0 ? "the code System.exit was given" : "code " + announced;
        Thread hook = caller == null ? null : awaitedHook(caller);
        if (hook == null) {
            LOG.log(WARNING, () -> "exiting with " + code + " has taken " + millis + " ms: a JVM shutdown hook has not returned"
                    + " (which one is not visible); unless it returns, the shutdown ladder halts the JVM at its kill deadline"
                    + " with exit code " + ExitCode.KILLED.code());
            return;
        }
        LOG.log(WARNING, () -> "exiting with " + code + " has taken " + millis + " ms: the JVM waits for shutdown hook thread '"
                + hook.getName() + "' (" + hook.getState() + "); unless it returns, the shutdown ladder halts the JVM at its"
                + " kill deadline with exit code " + ExitCode.KILLED.code() + ". Its stack:" + format(hook.getStackTrace()));
    }

    /** @return the thread inside {@code System.exit} and its stack, or null if there is none */
    private static Map.Entry<Thread, StackTraceElement[]> exitCaller() {
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            for (StackTraceElement frame : entry.getValue()) {
                if (frame.getClassName().equals("java.lang.Shutdown") && frame.getMethodName().equals("exit")) {
                    return entry;
                }
            }
        }
        return null;
    }

    /** @return the hook the exiting thread joins: the Thread whose monitor it waits on */
    private static Thread awaitedHook(Thread caller) {
        ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(caller.getId());
        LockInfo lock = info == null ? null : info.getLockInfo();
        if (lock == null) {
            return null;
        }
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (System.identityHashCode(thread) == lock.getIdentityHashCode()) {
                return thread;
            }
        }
        return null;
    }

    private static boolean calls(StackTraceElement[] stack, String className) {
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    private static String format(StackTraceElement[] stack) {
        StringBuilder text = new StringBuilder();
        for (StackTraceElement frame : stack) {
            text.append("\n\tat ").append(frame);
        }
        return text.toString();
    }
}
