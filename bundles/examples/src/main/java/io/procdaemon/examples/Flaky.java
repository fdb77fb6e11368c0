package io.procdaemon.examples;

import static java.lang.System.Logger.Level.INFO;

import java.time.Duration;

import org.osgi.service.component.annotations.Component;

import io.procdaemon.api.RestartPolicy;
import io.procdaemon.api.ShutdownHandle;
import io.procdaemon.api.Subsystem;

/**
 * Shows exponential backoff: every run fails after half a second, so the supervisor restarts it
 * after 0.2 s, 0.4 s, 0.8 s, 1.6 s, 2 s and then gives up (FAILED) after five failed restarts in a
 * row. Each run is a fresh component instance, which the log shows by its number.
 */
@Component(service = Subsystem.class, property = Subsystem.NAME_PROPERTY + "=flaky")
public final class Flaky implements Subsystem {

    private static final System.Logger LOG = System.getLogger("io.procdaemon.examples.flaky");
    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES = new java.util.concurrent.atomic.AtomicInteger();

    private final int instance = INSTANCES.incrementAndGet();

    @Override
    public void run(ShutdownHandle shutdown) throws InterruptedException {
        LOG.log(INFO, () -> "flaky instance " + instance + " running");
        if (!shutdown.awaitShutdown(Duration.ofMillis(500))) {
            throw new IllegalStateException("flaky instance " + instance + " failed, as it always does");
        }
        shutdown.ready();
    }

    @Override
    public RestartPolicy restartPolicy() {
        return RestartPolicy.exponentialBackoff(Duration.ofMillis(200), Duration.ofSeconds(2), 5);
    }
}
