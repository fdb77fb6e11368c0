package io.procdaemon.examples;

import static java.lang.System.Logger.Level.INFO;

import java.time.Duration;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.procdaemon.api.RestartPolicy;
import io.procdaemon.api.ShutdownHandle;
import io.procdaemon.api.Subsystem;

/**
 * Uses the {@link Clock}'s {@link TimeSource} every half second, up to its very last report at
 * shutdown: it works only because the supervisor stops it before the clock.
 */
@Component(service = Subsystem.class, property = Subsystem.NAME_PROPERTY + "=reporter")
public final class Reporter implements Subsystem {

    private static final System.Logger LOG = System.getLogger("io.procdaemon.examples.reporter");

    private final TimeSource time;

    /** @param time the clock's time */
    @Activate
    public Reporter(@Reference TimeSource time) {
        this.time = time;
    }

    @Override
    public void run(ShutdownHandle shutdown) throws InterruptedException {
        while (!shutdown.awaitShutdown(Duration.ofMillis(500))) {
            LOG.log(INFO, () -> "report at " + time.tick());
        }
        LOG.log(INFO, () -> "final report at " + time.tick());
        shutdown.ready();
    }

    @Override
    public RestartPolicy restartPolicy() {
        return RestartPolicy.onFailure();
    }
}
