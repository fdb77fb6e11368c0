package io.procdaemon.benchmarks;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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

import io.procdaemon.api.AsyncSubsystem;
import io.procdaemon.api.ShutdownCoordinator;
import io.procdaemon.api.ShutdownReason;
import io.procdaemon.api.Subsystem;

/**
 * From {@code initiate(shutdown)} until every one of N supervised subsystems has returned from
 * {@code run}: the supervisor hears the shutdown, reads the wiring, cancels each run's handle, and
 * every run thread wakes, returns and releases its service. Each invocation gets a fresh core
 * bundle (coordinator and supervisor) and N freshly registered, running subsystems.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5)
@Measurement(iterations = 15)
public class ShutdownBenchmark {

    @Param({"10", "100", "1000", "10000"})
    public int subsystems;

    /**
     * The subsystems' threads: platform (the default), virtual (Java 21+; platform on 17), or async:
     * {@link AsyncSubsystem}s that hold no thread, their run being their handle's shutdown stage.
     */
    @Param({"platform", "virtual", "async"})
    public String thread;

    private EmbeddedDaemon daemon;
    private ShutdownCoordinator coordinator;
    private CountDownLatch stopped;
    private final List<ServiceRegistration<Subsystem>> registrations = new ArrayList<>();

    @Setup(Level.Trial)
    public void boot() throws Exception {
        daemon = EmbeddedDaemon.boot();
    }

    @Setup(Level.Invocation)
    public void runSubsystems() throws Exception {
        daemon.restartCore();
        coordinator = daemon.service(ShutdownCoordinator.class);
        CountDownLatch running = new CountDownLatch(subsystems);
        CountDownLatch ended = new CountDownLatch(subsystems);
        for (int i = 0; i < subsystems; i++) {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put(Subsystem.NAME_PROPERTY, "s" + i);
            properties.put("health.interval.ms", 0);
            Subsystem subsystem;
            if (thread.equals("async")) {
                subsystem = (AsyncSubsystem) shutdown -> {
                    running.countDown();
                    return shutdown.shutdownRequested().thenRun(ended::countDown);
                };
            } else {
                properties.put("subsystem.thread", thread);
                subsystem = shutdown -> {
                    running.countDown();
                    shutdown.awaitShutdown();
                    ended.countDown();
                };
            }
            registrations.add(daemon.context().registerService(Subsystem.class, subsystem, properties));
        }
        if (!running.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (subsystems - running.getCount()) + " of " + subsystems + " running");
        }
        stopped = ended;
    }

    @Benchmark
    public void shutdownUntilAllStopped() throws InterruptedException {
        coordinator.initiate(ShutdownReason.REQUESTED);
        if (!stopped.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(stopped.getCount() + " subsystems still running");
        }
    }

    @TearDown(Level.Invocation)
    public void unregister() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        daemon.close();
    }
}
