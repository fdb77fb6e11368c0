package io.procdaemon.examples;

import static java.lang.System.Logger.Level.INFO;

import java.time.Duration;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.procdaemon.api.RestartPolicy;
import io.procdaemon.api.ShutdownHandle;
import io.procdaemon.api.Subsystem;

/**
 * The smallest useful subsystem: logs a beat at an interval until shutdown, then says goodbye
 * and reports ready. A DS component; its name, {@code heartbeat}, is its
 * {@value Subsystem#NAME_PROPERTY}. Configurable live through
 * {@code etc/io.procdaemon.examples.Heartbeat.toml} ({@code interval = 250}, {@code label = "pulse"}),
 * which is checked against the Metatype description below before it is applied.
 */
@Component(service = Subsystem.class, property = Subsystem.NAME_PROPERTY + "=heartbeat")
@Designate(ocd = Heartbeat.Config.class)
public final class Heartbeat implements Subsystem {

    /** The heartbeat's configuration. */
    @ObjectClassDefinition(name = "Heartbeat", description = "An example subsystem that logs a beat at an interval.")
    public @interface Config {
        /** @return milliseconds between beats */
        @AttributeDefinition(description = "Milliseconds between beats; at least 10.", min = "10")
        long interval() default 1000;

        /** @return the word the beat lines start with */
        @AttributeDefinition(description = "The word the beat lines start with.")
        String label() default "heartbeat";
    }

    private static final System.Logger LOG = System.getLogger("io.procdaemon.examples.heartbeat");

    private volatile Config config;

    /** @param config the configuration */
    @Activate
    public Heartbeat(Config config) {
        this.config = config;
    }

    @Modified
    void modified(Config newConfig) {
        this.config = newConfig;
        LOG.log(INFO, () -> "heartbeat reconfigured: every " + newConfig.interval() + " ms as '" + newConfig.label() + "'");
    }

    @Override
    public void run(ShutdownHandle shutdown) throws InterruptedException {
        long beats = 0;
        while (!shutdown.awaitShutdown(Duration.ofMillis(config.interval()))) {
            beats++;
            long count = beats;
            String label = config.label();
            LOG.log(INFO, () -> label + " " + count);
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
