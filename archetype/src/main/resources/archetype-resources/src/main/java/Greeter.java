package ${package};

import java.time.Duration;
import org.osgi.service.component.annotations.*;
import org.osgi.service.metatype.annotations.*;
import io.procdaemon.api.*;
import io.procdaemon.metrics.*;

/** Says its greeting every interval, both set in etc/${artifactId}.toml; unhealthy while the greeting is empty. */
@Supervised(restart = Supervised.Restart.BACKOFF, healthIntervalMs = 5000)
@Component(name = "${artifactId}", service = Subsystem.class)
@Designate(ocd = Greeter.Config.class)
public class Greeter implements Subsystem {
    @ObjectClassDefinition public @interface Config { String greeting() default "hello"; long interval() default 10000; }
    private static final System.Logger LOG = System.getLogger("${artifactId}");
    private final Config config;
    private final Counter greetings;

    @Activate
    public Greeter(Config config, @Reference Metrics metrics) {
        this.config = config;
        this.greetings = metrics.forSubsystem("${artifactId}").counter("greetings_total", "Greetings said");
    }

    @Override
    public void run(ShutdownHandle shutdown) throws InterruptedException {
        while (!shutdown.awaitShutdown(Duration.ofMillis(config.interval()))) {
            LOG.log(System.Logger.Level.INFO, config.greeting());
            greetings.inc();
        }
    }

    @Override
    public Health health() {
        return config.greeting().isBlank() ? Health.unhealthy("nothing to say: greeting is empty") : Health.healthy();
    }
}
