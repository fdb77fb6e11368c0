package io.procdaemon.runtime;

import static java.lang.System.Logger.Level.WARNING;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.Set;
import java.util.WeakHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Keeps the daemon's API single-sourced: every import of {@code io.procdaemon.api} (and of any
 * package below it) wires to the API bundle of {@code system/} (symbolic name
 * {@value #API_BUNDLE}), whatever else exports it. Without this, a bundle in {@code deploy/}
 * exporting its own copy (an embedded API jar) at a version the resolver prefers captured every
 * bundle resolved after it: their subsystems implemented the copy's {@code Subsystem}, the
 * supervisor never saw them, and nothing was logged.
 *
 * <p>The offending export is removed from the candidates, so nobody wires to it (the offender's
 * own classes still see its copy: what they register is reported by the core as not
 * supervised), and the offender is named once per bundle revision in a WARNING, when it is first
 * resolved or first offered to an importer.
 *
 * <p>Registered by the launcher on the system bundle's context after {@code init()}, so it is
 * in place before the first bundle resolves, whatever the start levels, and the launcher knows
 * {@code system/} exactly. A hook of the core bundle would hold only from the core's activation
 * (level 20) on: enough for deploy/ (level 80) as shipped, and the daemon's own importers below
 * it (config, level 15) are safe only because a resolved exporter is preferred over an
 * unresolved one (seen here: after a restart with the offender in the cache, config and core
 * still wired to system/'s copy). The cost is a namespace test per candidate, and a scan of the
 * declared package capabilities of the bundles being resolved.
 */
final class DaemonApiResolverHook implements ResolverHookFactory, ResolverHook {

    static final String API_PACKAGE = "io.procdaemon.api";
    static final String API_BUNDLE = "io.procdaemon.api";

    private static final System.Logger LOG = System.getLogger("io.procdaemon.bundles");

    private final String systemLocationPrefix;
    /** Revisions already named: weak, so an uninstalled bundle is not kept. */
    private final Set<BundleRevision> named = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    /** @param systemFolder the {@code system/} folder, whose bundles' locations are its file URIs */
    DaemonApiResolverHook(Path systemFolder) {
        systemLocationPrefix = systemFolder.toUri().toString();
    }

    @Override
    public ResolverHook begin(Collection<BundleRevision> triggers) {
        return this;
    }

    @Override
    public void filterResolvable(Collection<BundleRevision> candidates) {
        // Only to name an offender nobody imports from yet; nothing is filtered here.
        for (BundleRevision revision : candidates) {
            for (BundleCapability capability : revision.getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
                if (isForeignApi(capability)) {
                    nameOnce(capability);
                    break;
                }
            }
        }
    }

    @Override
    public void filterSingletonCollisions(BundleCapability singleton, Collection<BundleCapability> collisionCandidates) {
        // Not concerned.
    }

    @Override
    public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
        if (!PackageNamespace.PACKAGE_NAMESPACE.equals(requirement.getNamespace())) {
            return;
        }
        for (Iterator<BundleCapability> it = candidates.iterator(); it.hasNext();) {
            BundleCapability capability = it.next();
            if (isForeignApi(capability)) {
                it.remove();
                nameOnce(capability);
            }
        }
    }

    @Override
    public void end() {
        // Stateless per resolve.
    }

    /** @return whether the capability is an API package exported by a bundle other than the daemon's API bundle */
    boolean isForeignApi(BundleCapability capability) {
        Object name = capability.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
        if (!(name instanceof String pkg) || !(pkg.equals(API_PACKAGE) || pkg.startsWith(API_PACKAGE + "."))) {
            return false;
        }
        BundleRevision revision = capability.getRevision();
        return !(API_BUNDLE.equals(revision.getSymbolicName())
                && revision.getBundle().getLocation().startsWith(systemLocationPrefix));
    }

    private void nameOnce(BundleCapability capability) {
        BundleRevision revision = capability.getRevision();
        if (!named.add(revision)) {
            return;
        }
        Bundle bundle = revision.getBundle();
        String name = revision.getSymbolicName() == null ? "(no symbolic name)" : revision.getSymbolicName();
        LOG.log(WARNING, () -> "bundle " + name + " " + revision.getVersion() + " [" + bundle.getBundleId() + "] ("
                + bundle.getLocation() + ") exports " + capability.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)
                + " " + capability.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE)
                + ": ignored. The daemon's API comes from system/ only, so that every bundle shares one"
                + " Subsystem class and the supervisor sees every subsystem. Unless the bundle imports the package"
                + " too, its own classes still use its copy: import the package instead of embedding the API.");
    }
}
