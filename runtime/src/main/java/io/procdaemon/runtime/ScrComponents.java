package io.procdaemon.runtime;

import java.lang.reflect.Method;
import java.util.Collection;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Whether Declarative Services has taken in a started bundle's components. Felix SCR loads a
 * bundle's components on a thread of its own after the bundle's STARTED event, so "started" alone
 * would let the daemon say ready (and systemd hear READY=1 with "no subsystems") before the
 * bundle's subsystems exist. Asked of SCR's {@code ServiceComponentRuntime} service: every
 * component the bundle enables by default is known and enabled, which in SCR registers its service
 * (and so the supervisor sees the subsystem) before it returns.
 *
 * <p>By reflection: the launcher sits outside the framework and does not see the DS API's classes.
 * Without SCR (or if it answers unexpectedly) a started bundle counts as taken in: nothing to wait for.
 */
final class ScrComponents {

    private static final String RUNTIME = "org.osgi.service.component.runtime.ServiceComponentRuntime";

    private ScrComponents() {
    }

    /** @return whether SCR knows and has enabled every default-enabled component of {@code bundle} */
    static boolean takenIn(BundleContext context, Bundle bundle) {
        if (bundle.getHeaders("").get("Service-Component") == null) {
            return true;
        }
        ServiceReference<?> reference = context.getServiceReference(RUNTIME);
        Object scr = reference == null ? null : context.getService(reference);
        if (scr == null) {
            return true;
        }
        try {
            Collection<?> descriptions = (Collection<?>) method(scr, "getComponentDescriptionDTOs")
                    .invoke(scr, (Object) new Bundle[] {bundle});
            if (descriptions.isEmpty()) {
                return false; // not loaded yet
            }
            Method enabled = method(scr, "isComponentEnabled");
            for (Object description : descriptions) {
                boolean byDefault = description.getClass().getField("defaultEnabled").getBoolean(description);
                if (byDefault && !(Boolean) enabled.invoke(scr, description)) {
                    return false;
                }
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        } finally {
            context.ungetService(reference);
        }
    }

    private static Method method(Object scr, String name) throws NoSuchMethodException {
        for (Method method : scr.getClass().getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == 1) {
                return method;
            }
        }
        throw new NoSuchMethodException(name);
    }
}
