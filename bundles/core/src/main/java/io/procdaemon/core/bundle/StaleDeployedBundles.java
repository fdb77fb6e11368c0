package io.procdaemon.core.bundle;

import static java.lang.System.Logger.Level.WARNING;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * At start, uninstalls each bundle installed from {@code deploy/} whose file was replaced, while
 * the daemon was stopped, by one that is not a bundle (a plain jar, a broken copy).
 *
 * <p>FileInstall cannot: after a restart it knows the bundle only by its location, asks its
 * listeners who handles the file now, finds nobody, and retries at every poll while the old
 * bundle keeps running. Nor can it be done later, from the periodic scan: FileInstall does not
 * forget the file of a bundle someone else uninstalls (its {@code bundleChanged} removes the
 * artifact from a copy of its list), so a bundle copied there afterwards would fail to "update"
 * until the next restart. Done here, at the core's activation (start level 20), it comes before
 * FileInstall (level 30) builds its list from the installed bundles, so FileInstall sees a new
 * file that is not a bundle, which it installs once it becomes one.
 *
 * <p>A file deleted while stopped is left to FileInstall, which uninstalls its bundle itself.
 * Cost at boot: one look at the manifest of each bundle from {@code deploy/}, and only of those.
 */
final class StaleDeployedBundles {

    private static final System.Logger LOG = System.getLogger("io.procdaemon.bundles");

    private StaleDeployedBundles() {
    }

    /** @param folder FileInstall's {@code deploy/} folder */
    static void uninstall(BundleContext context, Path folder) {
        Path dir = folder.toAbsolutePath().normalize();
        for (Bundle bundle : context.getBundles()) {
            Path file = fileOf(bundle);
            if (file == null || !dir.equals(file.getParent()) || !Files.isRegularFile(file)) {
                continue;
            }
            String problem = DeployFolderReporter.problem(file);
            if (problem == null) {
                continue;
            }
            LOG.log(WARNING, () -> "deploy: " + file + " was replaced while the daemon was stopped by a file that is"
                    + " not a bundle (" + problem + "); uninstalling " + BundleEventReporter.describe(bundle)
                    + ", which was installed from it");
            try {
                // Normally not resolved yet in this run (deploy/ starts at level 80); if something
                // resolved it already, its wiring goes only with a refresh.
                boolean resolved = bundle.getState() != Bundle.INSTALLED;
                bundle.uninstall();
                if (resolved) {
                    context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class)
                            .refreshBundles(List.of(bundle));
                }
            } catch (BundleException | IllegalStateException e) {
                LOG.log(WARNING, () -> "deploy: cannot uninstall " + BundleEventReporter.describe(bundle) + ": " + e.getMessage());
            }
        }
    }

    /** @return the file a bundle was installed from ({@code file:} location), or {@code null} */
    private static Path fileOf(Bundle bundle) {
        String location = bundle.getLocation();
        if (location == null || !location.startsWith("file:")) {
            return null;
        }
        try {
            return Path.of(URI.create(location)).toAbsolutePath().normalize();
        } catch (IllegalArgumentException e) {
            return null; // Not a hierarchical file URI: not FileInstall's.
        }
    }
}
