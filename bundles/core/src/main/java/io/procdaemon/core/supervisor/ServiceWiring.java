package io.procdaemon.core.supervisor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.SatisfiedReferenceDTO;
import org.osgi.framework.dto.ServiceReferenceDTO;

import io.procdaemon.api.Subsystem;

/**
 * Who uses whom, read from the live service wiring that SCR reports, not from a list someone
 * maintains: subsystem A depends on subsystem B when A's component has a reference bound to a
 * service of B's component (B provides {@code Subsystem} and that service), or else to a service
 * registered by B's bundle. Subsystems registered without DS have no wiring to read and depend on
 * nothing.
 */
final class ServiceWiring {

    private ServiceWiring() {
    }

    /** @return for each subsystem's name, the names of the subsystems it depends on */
    static Map<String, Set<String>> dependencies(ServiceComponentRuntime scr, List<SupervisedSubsystem> children) {
        Map<Long, List<String>> namesByBundle = new HashMap<>();
        Map<String, String> namesByComponent = new HashMap<>();
        for (SupervisedSubsystem child : children) {
            Bundle bundle = child.reference().getBundle();
            if (bundle != null) {
                namesByBundle.computeIfAbsent(bundle.getBundleId(), id -> new ArrayList<>()).add(child.name());
                Object component = child.reference().getProperty(ComponentConstants.COMPONENT_NAME);
                if (component != null) {
                    namesByComponent.put(bundle.getBundleId() + "/" + component, child.name());
                }
            }
        }
        Map<String, Set<String>> dependencies = new HashMap<>();
        for (SupervisedSubsystem child : children) {
            Set<String> providers = new LinkedHashSet<>();
            for (ServiceReferenceDTO bound : boundServices(scr, child.reference())) {
                // The bound service is a subsystem's own component (it provides Subsystem and more):
                // that subsystem exactly. Otherwise every subsystem of the providing bundle.
                String exact = namesByComponent.get(bound.bundle + "/" + bound.properties.get(ComponentConstants.COMPONENT_NAME));
                for (String provider : exact != null ? List.of(exact) : namesByBundle.getOrDefault(bound.bundle, List.of())) {
                    if (!provider.equals(child.name())) {
                        providers.add(provider);
                    }
                }
            }
            dependencies.put(child.name(), providers);
        }
        return dependencies;
    }

    private static List<ServiceReferenceDTO> boundServices(ServiceComponentRuntime scr, ServiceReference<Subsystem> reference) {
        List<ServiceReferenceDTO> services = new ArrayList<>();
        Object componentName = reference.getProperty(ComponentConstants.COMPONENT_NAME);
        Object componentId = reference.getProperty(ComponentConstants.COMPONENT_ID);
        Bundle bundle = reference.getBundle();
        if (componentName == null || bundle == null) {
            return services;
        }
        ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(bundle, componentName.toString());
        if (description == null) {
            return services;
        }
        for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
            if (componentId instanceof Number id && configuration.id != id.longValue()) {
                continue;
            }
            for (SatisfiedReferenceDTO satisfied : configuration.satisfiedReferences) {
                services.addAll(List.of(satisfied.boundServices));
            }
        }
        return services;
    }
}
