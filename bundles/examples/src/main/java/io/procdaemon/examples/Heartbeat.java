package io.procdaemon.examples;

import static java.lang.System.Logger.Level.INFO;

import java.time.Duration;

import org.osgi.service.component.annotations.Component;

import io.procdaemon.api.RestartPolicy;
import io.procdaemon.api.ShutdownHandle;
import io.procdaemon.api.Subsystem;

/**
 * The smallest useful subsystem: logs a beat every second until shutdown, then says goodbye and
 * reports ready. A DS component; its name, {@code heartbeat}, is its {@value Subsystem#NAME_PROPERTY}.
 */
@Component(service = Subsystem.class, property = Subsystem.NAME_PROPERTY + "=heartbeat")
public final class Heartbeat implements Subsystem {

    private static final System.Logger LOG = System.getLogger("io.procdaemon.examples.heartbeat");
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    @Override
    public void run(ShutdownHandle shutdown) throws InterruptedException {
        long beats = 0;
        while (!shutdown.awaitShutdown(INTERVAL)) {
            beats++;
            long count = beats;
            LOG.log(INFO, () -> "heartbeat " + count);
        }
        long total = beats;
        LOG.log(INFO, () -> "heartbeat stopping after " + total + " beats (" + shutdown.reason().orElseThrow() + ")");
        shutdown.ready();
    }

    @Override
    public RestartPolicy restartPolicy() {
        return RestartPolicy.always();
    }
}
