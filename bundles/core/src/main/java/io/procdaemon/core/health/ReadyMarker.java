package io.procdaemon.core.health;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;

/**
 * The launcher's sign that the boot has finished: a service in the system bundle's context with
 * {@value #PROPERTY}{@code =true}, registered once {@code data/daemon.ready} is written (see the
 * launcher's {@code FrameworkBoot.announceReady}). A JDK type on both sides, so no class crosses
 * the framework boundary. Without the launcher (the core embedded elsewhere) it never appears.
 */
public final class ReadyMarker {

    /** The marker service's property. */
    public static final String PROPERTY = "io.procdaemon.ready";
    private static final String FILTER = "(" + PROPERTY + "=true)";

    private ReadyMarker() {
    }

    /** @return whether the launcher has declared the daemon ready */
    public static boolean present(BundleContext context) {
        try {
            return context.getServiceReferences((String) null, FILTER) != null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code onReady} once the marker is there: at once if it is already.
     *
     * @return the listener to remove when no longer interested
     */
    public static ServiceListener whenPresent(BundleContext context, Runnable onReady) {
        ServiceListener listener = event -> {
            if (event.getType() == ServiceEvent.REGISTERED) {
                onReady.run();
            }
        };
        try {
            context.addServiceListener(listener, FILTER);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (present(context)) {
            onReady.run();
        }
        return listener;
    }
}
