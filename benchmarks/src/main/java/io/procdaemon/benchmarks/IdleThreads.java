package io.procdaemon.benchmarks;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The raw cost of one thread per idle subsystem, without the daemon (issues 10 and 14): in this
 * fresh JVM, starts N threads, each parked the way an idle subsystem's run is (in
 * {@code CountDownLatch.await()}, one latch per thread, as the supervisor's {@code RunHandle}
 * does), reads {@code VmRSS} and {@code Threads} of {@code /proc/self/status} before and once all
 * N are parked, then counts every latch down and times until all N have ended ({@code join}).
 * Prints one line of {@code key=value} fields.
 *
 * <p>Usage: {@code IdleThreads MODEL N}, MODEL one of
 * <ul>
 * <li>{@code platform}: {@code new Thread(task, name)}, daemon: the stack size of {@code -Xss}
 * (the launcher passes {@code -Xss512k});
 * <li>{@code platform-KIB}: {@code new Thread(null, task, name, KIB * 1024)}: a requested stack
 * size, which the JVM may round or ignore (see {@code stack});
 * <li>{@code virtual}: {@code Thread.ofVirtual()} (JDK 21+), reached by reflection like the
 * daemon's {@code RunThreads} because this code is compiled for Java 17;
 * <li>{@code callback}: no thread per subsystem at all (see {@link #callbacks(int)}), for
 * comparison: what an API that does not park a thread per idle subsystem could cost.
 * </ul>
 * or {@code IdleThreads stack MODEL}: how deep one thread of that model recurses before
 * {@link StackOverflowError}, which tells whether a requested stack size is honoured (the depth
 * follows the size).
 *
 * <p>With {@code -Didle.nmt=true} (and {@code -XX:NativeMemoryTracking=summary}) it also prints the
 * JVM's native memory summary to stderr while all N are parked.
 *
 * <p>Settling waits on a condition, not a time: every thread's state is {@code WAITING} (a parked
 * virtual thread reports {@code WAITING} too), checked every 5 ms, bounded by 120 s.
 * Run it in a JVM with the daemon's options (benchmarks/idle-threads.sh does).
 */
public final class IdleThreads {

    private static final long SETTLE_BOUND_NANOS = TimeUnit.SECONDS.toNanos(120);

    private IdleThreads() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("stack")) {
            System.out.println("model=" + args[1] + " depth=" + stackDepth(factory(args[1])));
            return;
        }
        if (args.length != 2) {
            System.err.println("usage: IdleThreads MODEL N | IdleThreads stack MODEL; MODEL: platform, platform-KIB, virtual");
            System.exit(2);
        }
        String model = args[0];
        int n = Integer.parseInt(args[1]);
        if (model.equals("callback")) {
            callbacks(n);
            return;
        }
        Factory factory = factory(model);

        long[] before = status();
        CountDownLatch[] cancelled = new CountDownLatch[n];
        Thread[] threads = new Thread[n];
        long startNanos = System.nanoTime();
        for (int i = 0; i < n; i++) {
            CountDownLatch latch = new CountDownLatch(1);
            cancelled[i] = latch;
            threads[i] = factory.create("idle-" + i, () -> {
                try {
                    latch.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            threads[i].start();
        }
        long startedNanos = System.nanoTime();
        awaitAllWaiting(threads);
        long settledNanos = System.nanoTime();
        long[] after = status();
        if (Boolean.getBoolean("idle.nmt")) {
            // -XX:NativeMemoryTracking=summary: where the native memory of the parked threads is
            System.err.println(nativeMemory());
        }

        long releaseNanos = System.nanoTime();
        for (CountDownLatch latch : cancelled) {
            latch.countDown();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long endedNanos = System.nanoTime();

        System.out.printf("model=%s n=%d java=%s start_ms=%.1f settle_ms=%.1f rss_before_kib=%d rss_after_kib=%d"
                + " rss_delta_kib=%d threads_before=%d threads_after=%d stop_ms=%.1f%n",
                model, n, System.getProperty("java.version"), millis(startedNanos - startNanos),
                millis(settledNanos - startedNanos), before[0], after[0], after[0] - before[0], before[1], after[1],
                millis(endedNanos - releaseNanos));
    }

    /**
     * The {@code callback} model: no thread per idle subsystem. Each of the N registers a callback
     * on its own cancellation ({@link CompletableFuture}); the callbacks run on one shared pool of
     * {@code availableProcessors()} platform threads. A lower bound for a subsystem API that does
     * not block a thread while idle (today's {@code run(ShutdownHandle)} does).
     */
    @SuppressWarnings("unchecked")
    private static void callbacks(int n) throws Exception {
        long[] before = status();
        int poolSize = Runtime.getRuntime().availableProcessors();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(poolSize, poolSize, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), task -> daemon(new Thread(task, "callbacks")));
        pool.prestartAllCoreThreads();
        CompletableFuture<Void>[] cancelled = new CompletableFuture[n];
        CountDownLatch ended = new CountDownLatch(n);
        long startNanos = System.nanoTime();
        for (int i = 0; i < n; i++) {
            cancelled[i] = new CompletableFuture<>();
            cancelled[i].whenCompleteAsync((ignored, error) -> ended.countDown(), pool);
        }
        long startedNanos = System.nanoTime();
        long[] after = status();

        long releaseNanos = System.nanoTime();
        for (CompletableFuture<Void> future : cancelled) {
            future.complete(null);
        }
        ended.await();
        long endedNanos = System.nanoTime();
        pool.shutdown();

        System.out.printf("model=callback n=%d java=%s start_ms=%.1f settle_ms=0.0 rss_before_kib=%d rss_after_kib=%d"
                + " rss_delta_kib=%d threads_before=%d threads_after=%d stop_ms=%.1f%n",
                n, System.getProperty("java.version"), millis(startedNanos - startNanos), before[0], after[0],
                after[0] - before[0], before[1], after[1], millis(endedNanos - releaseNanos));
    }

    /** Waits until every thread is parked ({@code WAITING}); fails after {@link #SETTLE_BOUND_NANOS}. */
    private static void awaitAllWaiting(Thread[] threads) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_BOUND_NANOS;
        int i = 0;
        while (i < threads.length) {
            if (threads[i].getState() == Thread.State.WAITING) {
                i++;
            } else if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(i + " of " + threads.length + " threads parked after 120 s; thread "
                        + threads[i].getName() + " is " + threads[i].getState());
            } else {
                Thread.sleep(5);
            }
        }
    }

    /** @return {VmRSS in KiB, Threads} of this process */
    private static long[] status() throws IOException {
        long rss = -1;
        long count = -1;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("Threads:")) {
                count = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return new long[] {rss, count};
    }

    /** @return the JVM's native memory summary (needs -XX:NativeMemoryTracking=summary) */
    private static String nativeMemory() throws Exception {
        javax.management.ObjectName name = new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
        return (String) java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(name, "vmNativeMemory",
                new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static int depth;

    private static void recurse() {
        depth++;
        recurse();
    }

    /** @return how many frames of {@link #recurse()} fit on one thread of this model */
    private static int stackDepth(Factory factory) throws InterruptedException {
        int[] result = new int[1];
        Thread thread = factory.create("stack-probe", () -> {
            depth = 0;
            try {
                recurse();
            } catch (StackOverflowError e) {
                result[0] = depth;
            }
        });
        thread.start();
        thread.join();
        return result[0];
    }

    @FunctionalInterface
    private interface Factory {
        Thread create(String name, Runnable task);
    }

    private static Factory factory(String model) throws ReflectiveOperationException {
        if (model.equals("platform")) {
            return (name, task) -> daemon(new Thread(task, name));
        }
        if (model.startsWith("platform-")) {
            long stackBytes = Long.parseLong(model.substring("platform-".length())) * 1024;
            return (name, task) -> daemon(new Thread(null, task, name, stackBytes));
        }
        if (model.equals("virtual")) {
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            Method ofVirtual = Thread.class.getMethod("ofVirtual");
            Method named = builderType.getMethod("name", String.class);
            Method unstarted = builderType.getMethod("unstarted", Runnable.class);
            return (name, task) -> {
                try {
                    return (Thread) unstarted.invoke(named.invoke(ofVirtual.invoke(null), name), task);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot create a virtual thread (JDK 21+ only)", e);
                }
            };
        }
        throw new IllegalArgumentException("unknown thread model '" + model + "'; known: platform, platform-KIB, virtual");
    }

    private static Thread daemon(Thread thread) {
        thread.setDaemon(true);
        return thread;
    }
}
