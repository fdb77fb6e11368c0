package io.procdaemon.metrics.internal;

import java.net.URI;
import java.nio.file.Path;

import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;

/**
 * Counts the bundles installed from {@code deploy/}: an {@code INSTALLED} bundle event whose
 * location is a file directly in FileInstall's folder ({@code felix.fileinstall.dir}), which is
 * how FileInstall names what it installs ({@code file:/opt/pd/deploy/app.jar}). Updates and
 * uninstalls are not installs; bundles installed by the shell or from {@code system/} are not from
 * {@code deploy/}.
 */
final class DeployInstalls implements BundleListener {

    private final Path folder;
    private final Runnable installed;

    /**
     * @param folder FileInstall's folder; {@code null} when there is none (nothing is counted)
     * @param installed called once per install
     */
    DeployInstalls(String folder, Runnable installed) {
        this.folder = folder == null ? null : Path.of(folder).toAbsolutePath().normalize();
        this.installed = installed;
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.INSTALLED && fromDeploy(event.getBundle().getLocation())) {
            installed.run();
        }
    }

    /** @return whether a bundle's location names a file directly in the deploy folder */
    boolean fromDeploy(String location) {
        if (folder == null || location == null || !location.startsWith("file:")) {
            return false;
        }
        try {
            Path file = Path.of(URI.create(location)).toAbsolutePath().normalize();
            return folder.equals(file.getParent());
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return false; // not a hierarchical file URI: not FileInstall's
        }
    }
}
