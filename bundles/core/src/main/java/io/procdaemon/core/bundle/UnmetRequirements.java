package io.procdaemon.core.bundle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;

/**
 * Every requirement of a bundle that keeps it from resolving, at once, asked of the framework's
 * own matching ({@link FrameworkWiring#findProviders}, resolver hooks included), not one at a time
 * as the resolver's exception tells them.
 *
 * <p>A requirement is unmet when no installed bundle provides it, or when only bundles that are
 * not resolved themselves do (their own report says why). Optional requirements and those
 * effective only at run time ({@code effective:=active}: services) never keep a bundle from
 * resolving and are left out. When every requirement has a resolved provider and the bundle still
 * does not resolve, the cause is a conflict between providers (uses constraints), which this does
 * not compute: the list is empty and the resolver's message (FileInstall logs it) says more.
 */
public final class UnmetRequirements {

    /**
     * One unmet requirement.
     *
     * @param text what is required, in words ({@link RequirementText})
     * @param unresolvedProviders the bundles that provide it but are not resolved, empty when none
     *        is installed
     * @param verb "exports" or "provides"
     */
    record Need(String text, List<String> unresolvedProviders, String verb) {

        /** @return e.g. {@code package org.slf4j [1.7,3), which no installed bundle exports} */
        @Override
        public String toString() {
            return text + (unresolvedProviders.isEmpty() ? ", which no installed bundle " + verb
                    : ", which only " + String.join(", ", unresolvedProviders) + " " + verb + " (not resolved either)");
        }
    }

    private UnmetRequirements() {
    }

    /** @return the bundle's unmet requirements, in the order its manifest declares them */
    static List<Need> of(Bundle bundle, FrameworkWiring wiring) {
        List<Need> needs = new ArrayList<>();
        for (BundleRequirement requirement : counted(bundle)) {
            Collection<BundleCapability> providers = wiring.findProviders(requirement);
            TreeSet<String> unresolved = new TreeSet<>();
            boolean resolvedProvider = false;
            for (BundleCapability capability : providers) {
                Bundle provider = capability.getRevision().getBundle();
                if (provider.getBundleId() == bundle.getBundleId()) {
                    resolvedProvider = true; // Its own export satisfies its import.
                } else if ((provider.getState() & (Bundle.INSTALLED | Bundle.UNINSTALLED)) == 0) {
                    resolvedProvider = true;
                } else {
                    unresolved.add(provider.getSymbolicName() + " [" + provider.getBundleId() + "]");
                }
            }
            if (!resolvedProvider) {
                needs.add(new Need(describe(requirement), List.copyOf(unresolved),
                        RequirementText.verb(requirement.getNamespace())));
            }
        }
        return needs;
    }

    /**
     * @return the requirements of the bundle that no installed bundle provides at all, resolved or
     *         not: what {@code install -r} looks for elsewhere
     */
    public static List<BundleRequirement> unprovided(Bundle bundle, FrameworkWiring wiring) {
        return counted(bundle).stream().filter(requirement -> wiring.findProviders(requirement).isEmpty()).toList();
    }

    /** @return the requirement in words: {@code package org.slf4j [1.7,3)} */
    public static String describe(BundleRequirement requirement) {
        return RequirementText.describe(requirement.getNamespace(),
                requirement.getDirectives().get(Constants.FILTER_DIRECTIVE));
    }

    /** The requirements that keep a bundle from resolving: neither optional nor effective only when active. */
    private static List<BundleRequirement> counted(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        List<BundleRequirement> counted = new ArrayList<>();
        if (revision == null) {
            return counted; // Uninstalled meanwhile.
        }
        for (BundleRequirement requirement : revision.getDeclaredRequirements(null)) {
            Map<String, String> directives = requirement.getDirectives();
            String effective = directives.get(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE);
            if (!Namespace.RESOLUTION_OPTIONAL.equals(directives.get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE))
                    && (effective == null || Namespace.EFFECTIVE_RESOLVE.equals(effective))) {
                counted.add(requirement);
            }
        }
        return counted;
    }
}
