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
 * component the bundle enables by default is known and enabled, and each of its configurations is
 * settled: a satisfied one has its service registered (SCR binds it to the supervisor's dynamic
 * reference as it registers, so the supervisor has the subsystem), an unsatisfied one waits for
 * something else.
 *
 * <p>By reflection: the launcher sits outside the framework and does not see the DS API's classes.
 * Without SCR (or if it answers unexpectedly) a started bundle counts as taken in: nothing to wait for.
 */
final class ScrComponents {

    private static final String RUNTIME = "org.osgi.service.component.runtime.ServiceComponentRuntime";
    /** ComponentConfigurationDTO's states (SCR reports -1 for a configuration not enabled yet). */
    private static final int DISABLED = -1;
    private static final int SATISFIED = 4;
    private static final int ACTIVE = 8;

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
            Method configurations = method(scr, "getComponentConfigurationDTOs");
            for (Object description : descriptions) {
                boolean byDefault = description.getClass().getField("defaultEnabled").getBoolean(description);
                if (!byDefault) {
                    continue;
                }
                if (!(Boolean) enabled.invoke(scr, description)) {
                    return false;
                }
                if (description.getClass().getField("factory").get(description) != null) {
                    continue; // a factory component: its ComponentFactory service carries no component.id
                }
                boolean provides = ((String[]) description.getClass().getField("serviceInterfaces").get(description)).length > 0;
                for (Object configuration : (Collection<?>) configurations.invoke(scr, description)) {
                    if (!settled(context, configuration, provides)) {
                        return false;
                    }
                }
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        } finally {
            context.ungetService(reference);
        }
    }

    /**
     * SCR marks a description enabled before it enables its configurations one by one, and a
     * configuration it has not reached yet is in state -1 (disabled); a satisfied configuration
     * registers its service just before or after it says so. Either way the supervisor may not
     * have the subsystem yet (seen: READY=1 with "ready: no subsystems", 1 boot in 6). A
     * configuration waiting for a reference or a configuration, or failed, is settled: waiting for
     * it could last forever.
     */
    private static boolean settled(BundleContext context, Object configuration, boolean provides)
            throws ReflectiveOperationException {
        int state = configuration.getClass().getField("state").getInt(configuration);
        if (state == DISABLED) {
            return false;
        }
        if (!provides || (state != SATISFIED && state != ACTIVE)) {
            return true;
        }
        long id = configuration.getClass().getField("id").getLong(configuration);
        try {
            return context.getServiceReferences((String) null, "(component.id=" + id + ")") != null;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            return true;
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
