package io.procdaemon.itests.framework;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.osgi.framework.ServiceRegistration;

import io.procdaemon.api.Subsystem;
import io.procdaemon.api.SubsystemListener;
import io.procdaemon.api.Supervisor;

/**
 * For tests that register subsystems as plain services: the supervisor, a listener recording
 * every transition, and registrations undone after each test.
 */
public abstract class SupervisedServicesSupport extends InFrameworkTestSupport {

    /** Undone after each test, the listener's included. */
    protected final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    protected final Transitions transitions = new Transitions();
    protected Supervisor supervisor;

    @Before
    public void listen() throws InterruptedException {
        supervisor = service(Supervisor.class);
        registrations.add(context.registerService(SubsystemListener.class, transitions, null));
    }

    @After
    public void unregister() {
        for (ServiceRegistration<?> registration : registrations) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // Already gone.
            }
        }
    }

    /** Registers {@code subsystem} named {@code name}, with more service properties as key, value, ... */
    protected ServiceRegistration<Subsystem> register(String name, Subsystem subsystem, Object... properties) {
        Dictionary<String, Object> dictionary = new Hashtable<>();
        dictionary.put(Subsystem.NAME_PROPERTY, name);
        for (int i = 0; i < properties.length; i += 2) {
            dictionary.put((String) properties[i], properties[i + 1]);
        }
        ServiceRegistration<Subsystem> registration = context.registerService(Subsystem.class, subsystem, dictionary);
        registrations.add(registration);
        return registration;
    }
}
