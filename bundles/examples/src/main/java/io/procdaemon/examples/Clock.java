package io.procdaemon.examples;

import static java.lang.System.Logger.Level.INFO;

import java.time.Instant;

import org.osgi.service.component.annotations.Component;

import io.procdaemon.api.RestartPolicy;
import io.procdaemon.api.ShutdownHandle;
import io.procdaemon.api.Subsystem;

/**
 * A subsystem that is also a service ({@link TimeSource}) another subsystem uses. At shutdown the
 * supervisor sees, in SCR's wiring, that {@link Reporter} uses it, and stops Reporter first.
 */
@Component(service = {Subsystem.class, TimeSource.class}, property = Subsystem.NAME_PROPERTY + "=clock")
public final class Clock implements Subsystem, TimeSource {

    private static final System.Logger LOG = System.getLogger("io.procdaemon.examples.clock");

    private volatile boolean open;

    @Override
    public void run(ShutdownHandle shutdown) throws InterruptedException {
        open = true;
        LOG.log(INFO, "clock open");
        shutdown.awaitShutdown();
        open = false;
        LOG.log(INFO, "clock closed");
        shutdown.ready();
    }

    @Override
    public Instant tick() {
        if (!open) {
            throw new IllegalStateException("the clock is closed");
        }
        return Instant.now();
    }

    @Override
    public RestartPolicy restartPolicy() {
        return RestartPolicy.onFailure();
    }
}
