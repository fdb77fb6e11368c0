package io.procdaemon.core.shutdown;

import static java.lang.System.Logger.Level.ERROR;

import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.procdaemon.api.DaemonException;
import io.procdaemon.api.ShutdownCoordinator;
import io.procdaemon.api.ShutdownReason;
import io.procdaemon.api.ShutdownTimeouts;

/**
 * Publishes the {@link ShutdownLadder} as the {@link ShutdownCoordinator} service.
 *
 * <p>Timeouts, in order of precedence: the daemon's configuration (PID {@value #DAEMON_PID}, keys
 * {@code shutdown.graceful}, {@code shutdown.force}, {@code shutdown.kill} in milliseconds, from
 * {@code etc/daemon.toml} and its environment overrides), applied live when it changes; else the
 * framework properties {@value #GRACEFUL_MILLISECONDS}, {@value #FORCE_MILLISECONDS} and
 * {@value #KILL_MILLISECONDS} (system properties count too; used when the core is embedded without
 * the configuration bundle); else {@link ShutdownTimeouts#DEFAULTS}. Invalid values are reported
 * and the timeouts in force kept. These are the configured timeouts: a configuration update never
 * changes a shutdown in progress, nor the timeouts a shutdown was initiated with
 * ({@link #initiate(ShutdownReason, ShutdownTimeouts)}, as {@code daemon:shutdown -t} does). If the component is deactivated while no shutdown is in progress
 * (someone stopped the framework directly), it initiates one with reason
 * {@link ShutdownReason#REQUESTED} so that every participant hears of it.
 */
@Component(service = ShutdownCoordinator.class, immediate = true, configurationPid = ShutdownCoordinatorComponent.DAEMON_PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class ShutdownCoordinatorComponent extends ShutdownLadder {

    /**
     * EventAdmin topic posted once when the ladder forces (the graceful deadline passed, or a
     * second TERM/INT came), with property {@code reason}: the shutdown's reason.
     */
    public static final String FORCING_TOPIC = "io/procdaemon/shutdown/FORCING";

    static final String DAEMON_PID = "io.procdaemon.daemon";
    static final String GRACEFUL_MILLISECONDS = "procdaemon.shutdown.graceful.ms";
    static final String FORCE_MILLISECONDS = "procdaemon.shutdown.force.ms";
    static final String KILL_MILLISECONDS = "procdaemon.shutdown.kill.ms";

    private static final System.Logger LOG = System.getLogger("io.procdaemon.shutdown");

    /**
     * @param context the core bundle's context, for the framework properties
     * @param configuration the component's properties, with the daemon's configuration if there is one
     * @param launcherExit the launcher's exit service; absent when embedded in another framework
     */
    @Activate
    public ShutdownCoordinatorComponent(BundleContext context, Map<String, Object> configuration,
            @Reference(service = IntConsumer.class, target = "(" + LauncherProcessControl.EXIT_PROPERTY + "=true)",
                    cardinality = ReferenceCardinality.OPTIONAL) IntConsumer launcherExit) {
        super(launcherExit == null ? ProcessControl.EMBEDDED : new LauncherProcessControl(launcherExit, context.getBundle(0)),
                fromConfiguration(configuration).orElseGet(() -> initialTimeouts(context)));
    }

    /** The daemon's configuration changed: new configured timeouts, for a shutdown not yet initiated. */
    @Modified
    void modified(Map<String, Object> configuration) {
        fromConfiguration(configuration).ifPresent(this::setTimeouts);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    /** Posts {@value #FORCING_TOPIC}: asynchronous, so the ladder is never held by a handler. */
    @Override
    protected void forced() {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            admin.postEvent(new Event(FORCING_TOPIC, Map.of("reason", reason().map(String::valueOf).orElse(""))));
        }
    }

    @Deactivate
    void deactivate() {
        if (!isShutdown()) {
            initiate(ShutdownReason.REQUESTED);
        }
    }

    /** @return the timeouts of the daemon's configuration, empty if it has none or they are invalid */
    static Optional<ShutdownTimeouts> fromConfiguration(Map<String, Object> configuration) {
        Object graceful = configuration.get("shutdown.graceful");
        Object force = configuration.get("shutdown.force");
        Object kill = configuration.get("shutdown.kill");
        if (!(graceful instanceof Number g && force instanceof Number f && kill instanceof Number k)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ShutdownTimeouts.ofMillis(g.longValue(), f.longValue(), k.longValue()));
        } catch (DaemonException e) {
            LOG.log(ERROR, () -> "configuration " + DAEMON_PID + ": " + e.getMessage() + "; keeping the timeouts in force");
            return Optional.empty();
        }
    }

    static ShutdownTimeouts initialTimeouts(BundleContext context) {
        ShutdownTimeouts defaults = ShutdownTimeouts.DEFAULTS;
        try {
            return ShutdownTimeouts.ofMillis(
                    millis(context, GRACEFUL_MILLISECONDS, defaults.graceful().toMillis()),
                    millis(context, FORCE_MILLISECONDS, defaults.force().toMillis()),
                    millis(context, KILL_MILLISECONDS, defaults.kill().toMillis()));
        } catch (DaemonException | IllegalArgumentException e) {
            LOG.log(ERROR, () -> e.getMessage() + "; keeping the defaults graceful=" + defaults.graceful().toMillis()
                    + "ms force=" + defaults.force().toMillis() + "ms kill=" + defaults.kill().toMillis() + "ms");
            return defaults;
        }
    }

    private static long millis(BundleContext context, String key, long defaultValue) {
        String value = context.getProperty(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "property " + key + "='" + value + "' is not a whole number of milliseconds", e);
        }
    }
}
