package io.procdaemon.runtime;

import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * Before the framework starts, uninstalls each bundle installed from {@code deploy/} whose file
 * was replaced, while the daemon was stopped, by one that is not a bundle (a plain jar, a broken
 * copy).
 *
 * <p>FileInstall cannot: after a restart it knows the bundle only by its location, asks its
 * listeners who handles the file now, finds nobody, and retries at every poll while the old
 * bundle keeps running. Nor can it be done from the core's periodic scan of {@code deploy/}:
 * FileInstall 3.7.4 does not forget the file of a bundle someone else uninstalls (its
 * {@code bundleChanged} removes the artifact from a copy of its list), so a bundle copied there
 * afterwards fails to "update" until the next restart. Done here, nothing has started and nothing
 * is resolved, so no refresh is needed, and FileInstall later sees a new file that is not a
 * bundle, which it installs once it becomes one.
 *
 * <p>A file deleted while stopped is left to FileInstall, which uninstalls its bundle itself.
 * Cost at boot: a look at the manifest of each bundle from {@code deploy/}, and only of those.
 */
final class StaleDeployedBundles {

    private static final System.Logger LOG = System.getLogger("io.procdaemon.bundles");

    private StaleDeployedBundles() {
    }

    /** @param folder FileInstall's {@code deploy/} folder ({@code felix.fileinstall.dir}) */
    static void uninstall(BundleContext context, Path folder) {
        Path dir = folder.toAbsolutePath().normalize();
        for (Bundle bundle : context.getBundles()) {
            Path file = fileOf(bundle);
            if (file == null || !dir.equals(file.getParent()) || !Files.isRegularFile(file)) {
                continue;
            }
            String problem = notABundle(file);
            if (problem == null) {
                continue;
            }
            String describe = bundle.getSymbolicName() + " " + bundle.getVersion() + " [" + bundle.getBundleId() + "] ("
                    + bundle.getLocation() + ")";
            LOG.log(WARNING, () -> "deploy: " + file + " was replaced while the daemon was stopped by a file that is"
                    + " not a bundle (" + problem + "); uninstalling " + describe + ", which was installed from it");
            try {
                bundle.uninstall();
            } catch (BundleException | IllegalStateException e) {
                LOG.log(WARNING, () -> "deploy: cannot uninstall " + describe + ": " + e.getMessage());
            }
        }
    }

    /**
     * @return why the file is not a bundle, or {@code null} if it is one: the rule of FileInstall's
     *         own bundle handler (a readable jar whose manifest names a Bundle-SymbolicName)
     */
    static String notABundle(Path file) {
        try (JarFile jar = new JarFile(file.toFile())) {
            Manifest manifest = jar.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue("Bundle-SymbolicName") != null
                    ? null : "no Bundle-SymbolicName in its manifest";
        } catch (IOException e) {
            return "cannot be read as a jar: " + e.getMessage();
        }
    }

    /** @return the file a bundle was installed from ({@code file:} location), or {@code null} */
    static Path fileOf(Bundle bundle) {
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
