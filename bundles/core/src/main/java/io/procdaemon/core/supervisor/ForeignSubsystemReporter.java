package io.procdaemon.core.supervisor;

import static java.lang.System.Logger.Level.WARNING;

import org.osgi.framework.AllServiceListener;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.procdaemon.api.Subsystem;
import io.procdaemon.core.bundle.BundleEventReporter;

/**
 * Names every {@code Subsystem} service the supervisor cannot run: one whose class comes from
 * another copy of {@code io.procdaemon.api} than the core's (a bundle that embeds the API).
 * The supervisor's own reference (SCR) sees only services of its class space, so such a service
 * would otherwise sit there unsupervised in silence. The launcher's resolver hook keeps every
 * importer on the daemon's copy; this catches the bundles that import nothing and carry their own.
 *
 * <p>An {@link AllServiceListener}, because a plain service listener is not told about services
 * of another class space at all. It costs a filter match per service registration.
 */
@Component(service = {}, immediate = true)
public final class ForeignSubsystemReporter implements AllServiceListener {

    private static final System.Logger LOG = System.getLogger("io.procdaemon.supervisor");
    private static final String FILTER = "(objectClass=" + Subsystem.class.getName() + ")";

    private final BundleContext context;

    /** @param context the core bundle's context, whose class space the supervisor's is */
    @Activate
    public ForeignSubsystemReporter(BundleContext context) throws InvalidSyntaxException {
        this.context = context;
        context.addServiceListener(this, FILTER);
        ServiceReference<?>[] existing = context.getAllServiceReferences(Subsystem.class.getName(), null);
        if (existing != null) {
            for (ServiceReference<?> reference : existing) {
                check(reference);
            }
        }
    }

    @Deactivate
    void deactivate() {
        context.removeServiceListener(this);
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        if (event.getType() == ServiceEvent.REGISTERED) {
            check(event.getServiceReference());
        }
    }

    private void check(ServiceReference<?> reference) {
        Bundle owner = reference.getBundle();
        if (owner == null || reference.isAssignableTo(context.getBundle(), Subsystem.class.getName())) {
            return;
        }
        Object component = reference.getProperty(ComponentConstants.COMPONENT_NAME);
        LOG.log(WARNING, () -> "subsystem=" + SubsystemSupervisor.nameOf(reference) + " context=not_supervised"
                + " reason=\"subsystem service not supervised: its io.procdaemon.api.Subsystem is " + apiSource(owner)
                + ", not the daemon's (system/), so the supervisor cannot run it; import io.procdaemon.api instead of"
                + " embedding it\" bundle=" + BundleEventReporter.describe(owner)
                + " component=" + (component == null ? "(none: registered by the bundle itself)" : component));
    }

    /** @return where the registering bundle gets io.procdaemon.api from */
    private static String apiSource(Bundle bundle) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (wiring != null) {
            for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
                if (Subsystem.class.getPackageName().equals(wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))) {
                    return "the copy of " + BundleEventReporter.describe(wire.getProvider().getBundle());
                }
            }
        }
        return "a copy inside the bundle itself";
    }
}
