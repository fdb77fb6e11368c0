package io.procdaemon.core.bundle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Decides which installed bundles that cannot resolve deserve a line in the log, and writes it: one
 * line per bundle naming every unmet requirement at once ({@link UnmetRequirements}), where the
 * resolver's exception names one at a time.
 *
 * <p>A bundle is reported once its unmet requirements are the same at two checks in a row (the
 * checks are a second apart), so that a batch of jars dropped together is not reported while
 * FileInstall is still installing the rest of the batch; and once per bundle revision and set of
 * needs: a bundle whose needs shrink as its libraries arrive is reported again with what is left.
 * A bundle that resolves, or goes, is forgotten. Not thread-safe: one thread calls {@link #check}.
 */
final class ResolutionReports {

    private Map<String, List<String>> seen = new HashMap<>();
    private final Map<String, List<String>> reported = new HashMap<>();

    /** @return the lines to log now */
    List<String> check(Bundle[] bundles, FrameworkWiring wiring) {
        Map<String, List<String>> now = new HashMap<>();
        List<String> lines = new ArrayList<>();
        for (Bundle bundle : bundles) {
            if (bundle.getState() != Bundle.INSTALLED || bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            List<String> needs = UnmetRequirements.of(bundle, wiring).stream().map(UnmetRequirements.Need::toString).toList();
            if (needs.isEmpty()) {
                continue;
            }
            String key = bundle.getBundleId() + "@" + bundle.getLastModified();
            now.put(key, needs);
            if (needs.equals(seen.get(key)) && !needs.equals(reported.get(key))) {
                reported.put(key, needs);
                lines.add(line(bundle, needs));
            }
        }
        seen = now;
        reported.keySet().retainAll(now.keySet());
        return lines;
    }

    /** @return the one line for a bundle that cannot resolve, naming all it needs */
    static String line(Bundle bundle, List<String> needs) {
        return "bundle " + BundleEventReporter.describe(bundle) + " cannot resolve; it needs " + needs.size()
                + (needs.size() == 1 ? " thing" : " things") + ": " + String.join("; ", needs)
                + ". Add bundles that provide them (into deploy/), or remove it; 'daemon:why " + bundle.getSymbolicName()
                + "' shows this again";
    }
}
