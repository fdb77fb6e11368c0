package io.procdaemon.core.shutdown;

import static java.lang.System.Logger.Level.ERROR;

import java.util.function.IntConsumer;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;

import io.procdaemon.api.DaemonException;
import io.procdaemon.api.ShutdownCoordinator;
import io.procdaemon.api.ShutdownReason;
import io.procdaemon.api.ShutdownTimeouts;

/**
 * Publishes the {@link ShutdownLadder} as the {@link ShutdownCoordinator} service.
 *
 * <p>Initial timeouts come from the framework properties {@value #GRACEFUL_MILLISECONDS},
 * {@value #FORCE_MILLISECONDS} and {@value #KILL_MILLISECONDS} (system properties count too), each
 * defaulting to {@link ShutdownTimeouts#DEFAULTS}; invalid values are reported and the defaults
 * kept. If the component is deactivated while no shutdown is in progress (someone stopped the
 * framework directly), it initiates one with reason {@link ShutdownReason#REQUESTED} so that every
 * participant hears of it.
 */
@Component(service = ShutdownCoordinator.class, immediate = true)
public final class ShutdownCoordinatorComponent extends ShutdownLadder {

    static final String GRACEFUL_MILLISECONDS = "procdaemon.shutdown.graceful.ms";
    static final String FORCE_MILLISECONDS = "procdaemon.shutdown.force.ms";
    static final String KILL_MILLISECONDS = "procdaemon.shutdown.kill.ms";

    private static final System.Logger LOG = System.getLogger("io.procdaemon.shutdown");

    /**
     * @param context the core bundle's context, for the initial timeouts
     * @param launcherExit the launcher's exit service; absent when embedded in another framework
     */
    @Activate
    public ShutdownCoordinatorComponent(BundleContext context,
            @Reference(service = IntConsumer.class, target = "(" + LauncherProcessControl.EXIT_PROPERTY + "=true)",
                    cardinality = ReferenceCardinality.OPTIONAL) IntConsumer launcherExit) {
        super(launcherExit == null ? ProcessControl.EMBEDDED : new LauncherProcessControl(launcherExit),
                initialTimeouts(context));
    }

    @Deactivate
    void deactivate() {
        if (!isShutdown()) {
            initiate(ShutdownReason.REQUESTED);
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
