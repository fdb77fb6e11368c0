package io.procdaemon.core.bundle;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.io.File;
import java.io.IOException;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.service.component.annotations.Component;

/**
 * Claims the jars in {@code deploy/} that are not OSGi bundles, so they are reported by name
 * instead of ignored: FileInstall installs only jars whose manifest names a
 * {@code Bundle-SymbolicName} and passes silently over the rest.
 *
 * <p>Delayed on purpose: only FileInstall asks for this service, so without FileInstall (whose
 * package the core imports optionally) the class is never loaded.
 */
@Component(service = ArtifactInstaller.class)
public final class NonBundleJarReporter implements ArtifactInstaller {

    private static final System.Logger LOG = System.getLogger("io.procdaemon.bundles");

    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().endsWith(".jar") && problem(artifact) != null;
    }

    @Override
    public void install(File artifact) {
        LOG.log(WARNING, () -> artifact + " is not an OSGi bundle (" + problem(artifact)
                + "); ignored, everything else keeps running. Build it as a bundle (bnd) or remove it.");
    }

    @Override
    public void update(File artifact) {
        install(artifact);
    }

    @Override
    public void uninstall(File artifact) {
        LOG.log(INFO, () -> artifact + " (not a bundle) removed");
    }

    /** @return what keeps the jar from being a bundle, or {@code null} if it is one */
    static String problem(File artifact) {
        try (JarFile jar = new JarFile(artifact)) {
            Manifest manifest = jar.getManifest();
            if (manifest == null) {
                return "no META-INF/MANIFEST.MF";
            }
            if (manifest.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                return "no Bundle-SymbolicName in META-INF/MANIFEST.MF";
            }
            return null;
        } catch (IOException e) {
            return "cannot be read as a jar: " + e.getMessage();
        }
    }
}
