package io.procdaemon.benchmarks.many;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.procdaemon.api.AsyncSubsystem;
import io.procdaemon.api.ShutdownCoordinator;
import io.procdaemon.api.ShutdownHandle;
import io.procdaemon.api.Subsystem;

/**
 * The bundle {@code benchmarks/many-subsystems.sh} deploys: it registers {@code bench.subsystems}
 * idle subsystems (a system property, default 10,000) of the kind {@code bench.kind}:
 * <ul>
 * <li>{@code async}: {@link AsyncSubsystem}s whose run is their handle's shutdown stage (no thread);</li>
 * <li>{@code platform}: plain subsystems blocked in {@code awaitShutdown()}, a platform thread each;</li>
 * <li>{@code virtual}: the same on virtual threads ({@code subsystem.thread = virtual}, Java 21+).</li>
 * </ul>
 * Health checks are off (each would be a timer). It logs one line when the last has entered its
 * run, and one when the last has ended, with the time since the daemon's shutdown began (heard as
 * a participant of the shutdown coordinator): the supervisor's whole stop, as the subsystems see it.
 */
public final class ManySubsystems implements BundleActivator {

    private static final Logger LOG = Logger.getLogger("io.procdaemon.benchmarks");

    private final List<ServiceRegistration<Subsystem>> registrations = new ArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();
    /** When the daemon's shutdown began (System.nanoTime); 0 until then. */
    private final AtomicLong shutdownAt = new AtomicLong();
    private int count;
    private long registeredAt;

    @Override
    public void start(BundleContext context) {
        count = Integer.getInteger("bench.subsystems", 10_000);
        String kind = System.getProperty("bench.kind", "async");
        ShutdownHandle participant = context.getService(context.getServiceReference(ShutdownCoordinator.class))
                .register("bench-observer", null);
        participant.shutdownRequested().thenRun(() -> {
            shutdownAt.compareAndSet(0, System.nanoTime());
            participant.ready();
        });
        registeredAt = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put(Subsystem.NAME_PROPERTY, "bench-" + i);
            properties.put("health.interval.ms", 0);
            Subsystem subsystem;
            if (kind.equals("async")) {
                subsystem = (AsyncSubsystem) shutdown -> {
                    entered();
                    return shutdown.shutdownRequested().thenRun(this::left);
                };
            } else {
                properties.put("subsystem.thread", kind);
                subsystem = this::idle;
            }
            registrations.add(context.registerService(Subsystem.class, subsystem, properties));
        }
    }

    private void idle(ShutdownHandle shutdown) throws InterruptedException {
        entered();
        shutdown.awaitShutdown();
        left();
    }

    private void entered() {
        if (running.incrementAndGet() == count) {
            long millis = (System.nanoTime() - registeredAt) / 1_000_000;
            LOG.info("bench: " + count + " subsystems running, " + millis + " ms after their registration began");
        }
    }

    private void left() {
        if (ended.incrementAndGet() == count) {
            long now = System.nanoTime();
            shutdownAt.compareAndSet(0, now); // not a daemon shutdown: the bundle was stopped
            LOG.info("bench: " + count + " subsystems ended, " + (now - shutdownAt.get()) / 1_000
                    + " us after the daemon's shutdown began");
        }
    }

    @Override
    public void stop(BundleContext context) {
        // The framework unregisters what is left; on a daemon shutdown the supervisor has stopped them already.
    }
}
