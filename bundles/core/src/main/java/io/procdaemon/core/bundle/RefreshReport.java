package io.procdaemon.core.bundle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a change in deploy/ and its refresh did, complete once every bundle they stopped has
 * started again or failed to:
 * {@code deploy: refresh after update of com.example.lib 1.0.1 restarted: com.example.lib 1.0.1,
 * com.example.app 2.0.0}, with {@code ; stopped and not active again: ...} when some did not come
 * back (a bundle left without a package it needs, a start that failed).
 *
 * <p>Bundles are named in the order the window gives them: the changed bundles first, then by
 * bundle id. Immutable.
 */
final class RefreshReport {

    /** What became of a bundle the change stopped. */
    enum Outcome {
        /** started again */
        RESTARTED,
        /** not started again yet */
        AWAITED,
        /** the framework reported an error for it after it stopped (a restart that failed) */
        FAILED
    }

    private final Map<String, List<String>> causes;
    private final Map<Long, String> labels;
    private final Map<Long, Outcome> outcomes;

    /**
     * @param causes   labels of the changed bundles by verb ("update", "uninstall", "install"),
     *                 in the order of the changes; not empty
     * @param labels   labels of the bundles the change stopped, by id, in the order to name them
     * @param outcomes what became of each of them so far, by id
     */
    RefreshReport(Map<String, List<String>> causes, Map<Long, String> labels, Map<Long, Outcome> outcomes) {
        this.causes = causes;
        this.labels = new LinkedHashMap<>(labels);
        this.outcomes = Map.copyOf(outcomes);
    }

    /** @return whether every bundle the change stopped has started again or failed to */
    boolean settled() {
        return !outcomes.containsValue(Outcome.AWAITED);
    }

    /** @return the log line; bundles still awaited are named as not active again */
    String line() {
        List<String> changes = new ArrayList<>();
        causes.forEach((verb, changed) -> changes.add(verb + " of " + String.join(", ", changed)));
        StringBuilder line = new StringBuilder("deploy: refresh after ").append(String.join(" and ", changes));
        List<String> restarted = named(true);
        line.append(" restarted: ").append(restarted.isEmpty() ? "nothing" : String.join(", ", restarted));
        List<String> notBack = named(false);
        if (!notBack.isEmpty()) {
            line.append("; stopped and not active again: ").append(String.join(", ", notBack));
        }
        return line.toString();
    }

    private List<String> named(boolean restarted) {
        List<String> result = new ArrayList<>();
        labels.forEach((id, label) -> {
            if ((outcomes.get(id) == Outcome.RESTARTED) == restarted) {
                result.add(label);
            }
        });
        return result;
    }
}
