package io.procdaemon.benchmarks;

import java.util.Hashtable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.osgi.framework.ServiceRegistration;

import io.procdaemon.api.Subsystem;

/**
 * Restart latency after a failure with no delay: the benchmark thread tells the running subsystem
 * to fail, and waits until its next run has entered {@code run}. In between, the real supervisor
 * records the failure with its stack trace, decides (policy always, intensity checked), reports
 * FAILED, RESTARTING, STARTING and RUNNING (to listeners and EventAdmin), schedules the restart,
 * starts a new thread, and gets the service again.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RestartBenchmark {

    private static final Object FAIL = new Object();

    /** The subsystem's thread: platform (the default) or virtual (Java 21+; platform on 17). */
    @Param({"platform", "virtual"})
    public String thread;

    private EmbeddedDaemon daemon;
    private ServiceRegistration<Subsystem> registration;
    private final SynchronousQueue<Object> commands = new SynchronousQueue<>();
    private final Semaphore entered = new Semaphore(0);

    @Setup
    public void boot() throws Exception {
        daemon = EmbeddedDaemon.boot();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Subsystem.NAME_PROPERTY, "restarting");
        properties.put("restart.policy", "always");
        // The intensity limit stays on, with a window short enough never to refuse this loop.
        properties.put("restart.intensity", 1000);
        properties.put("restart.period.ms", 1);
        properties.put("health.interval.ms", 0);
        properties.put("subsystem.thread", thread);
        registration = daemon.context().registerService(Subsystem.class, shutdown -> {
            entered.release();
            while (!shutdown.isShutdown()) {
                if (commands.poll(10, TimeUnit.MILLISECONDS) == FAIL) {
                    throw new IllegalStateException("told to fail");
                }
            }
        }, properties);
        entered.acquire();
    }

    @Benchmark
    public void failureToNextRun() throws InterruptedException {
        commands.put(FAIL);
        entered.acquire();
    }

    @TearDown
    public void close() throws Exception {
        registration.unregister();
        daemon.close();
    }
}
