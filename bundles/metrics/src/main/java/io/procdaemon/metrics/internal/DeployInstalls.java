package io.procdaemon.metrics.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.framework.Bundle;

import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;

/**
 * The bundles of {@code deploy/}: counts those installed (an {@code INSTALLED} bundle event whose
 * location is a file directly in FileInstall's folder ({@code felix.fileinstall.dir}), which is
 * how FileInstall names what it installs: {@code file:/opt/pd/deploy/app.jar}), and tells their
 * states at a scrape. Updates and uninstalls are not installs; bundles installed by the shell or
 * from {@code system/} are not from {@code deploy/}.
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

    /** The bundle states {@link #states} reports, by their names in the exposition. */
    static final Map<Integer, String> STATES = states();

    private static Map<Integer, String> states() {
        Map<Integer, String> states = new LinkedHashMap<>();
        states.put(Bundle.INSTALLED, "installed");
        states.put(Bundle.RESOLVED, "resolved");
        states.put(Bundle.STARTING, "starting");
        states.put(Bundle.ACTIVE, "active");
        states.put(Bundle.STOPPING, "stopping");
        return Collections.unmodifiableMap(states);
    }

    /**
     * @param bundles the framework's bundles now
     * @return how many of those from deploy/ are in each state of {@link #STATES}, every state
     *         present (0 when none): {@code installed} is a bundle that does not resolve,
     *         {@code resolved} one that is not started (its start failed, or a fragment)
     */
    Map<String, Integer> states(Bundle[] bundles) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        STATES.values().forEach(state -> counts.put(state, 0));
        for (Bundle bundle : bundles) {
            String state = STATES.get(bundle.getState());
            if (state != null && fromDeploy(bundle.getLocation())) {
                counts.merge(state, 1, Integer::sum);
            }
        }
        return counts;
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
