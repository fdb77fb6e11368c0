package io.procdaemon.core.bundle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleEvent;

import io.procdaemon.core.bundle.RefreshReport.Outcome;

/**
 * The bundle events of one change in deploy/, from the first install, update or uninstall after
 * the previous report until this change's report is written, read as what the change did.
 *
 * <p>What happens, in Felix 7 with FileInstall 3.7: FileInstall stops a bundle before it updates
 * or uninstalls it (Felix refreshes at once a bundle nothing depends on), then refreshes the
 * bundles it installed, updated or uninstalled ({@code FrameworkWiring.refreshBundles}); the
 * framework stops and unresolves their dependency closure, starts again the bundles of it that
 * were active and reports {@code PACKAGES_REFRESHED}; only then does FileInstall start the updated
 * bundles again. So:
 * <ul>
 * <li>the <em>causes</em> are the bundles installed, updated or uninstalled;</li>
 * <li>a bundle was <em>stopped by the change</em> if it is a cause with a STOPPED event, or
 * another bundle that was unresolved and stopped after the first cause (a bundle an operator
 * stopped earlier is not the change's doing);</li>
 * <li>of those (uninstalled ones aside), the ones started since are restarted, the ones the
 * framework then reported an error for failed, and the others are still awaited.</li>
 * </ul>
 * A change that only installed bundles and stopped nothing is not worth a report.
 *
 * <p>Not thread-safe: the caller serialises.
 */
final class RefreshWindow {

    /** How a bundle changed, in the words of the report. */
    enum Change {
        INSTALL("install"), UPDATE("update"), UNINSTALL("uninstall");

        final String verb;

        Change(String verb) {
            this.verb = verb;
        }
    }

    /** One bundle's events in the window, as event sequence numbers (-1: none). */
    private static final class Trace {
        final long id;
        String label;
        Change change;
        long changedAt = -1;
        long stoppedAt = -1;
        long startedAt = -1;
        long failedAt = -1;
        boolean unresolved;

        Trace(long id) {
            this.id = id;
        }
    }

    private final Map<Long, Trace> traces = new HashMap<>();
    private long sequence;
    private long firstChange = -1;

    /**
     * Records a bundle event.
     *
     * @param type  {@link BundleEvent#getType()}
     * @param id    the bundle's id
     * @param label how the report names the bundle (name and version)
     */
    void bundleEvent(int type, long id, String label) {
        long now = sequence++;
        Trace trace = traces.computeIfAbsent(id, Trace::new);
        trace.label = label;
        switch (type) {
            case BundleEvent.INSTALLED -> changed(trace, Change.INSTALL, now);
            case BundleEvent.UPDATED -> changed(trace, Change.UPDATE, now);
            case BundleEvent.UNINSTALLED -> changed(trace, Change.UNINSTALL, now);
            case BundleEvent.STOPPED -> trace.stoppedAt = now;
            case BundleEvent.STARTED -> trace.startedAt = now;
            case BundleEvent.UNRESOLVED -> trace.unresolved = true;
            default -> {
                // RESOLVED, STARTING, STOPPING, LAZY_ACTIVATION tell nothing more.
            }
        }
    }

    /**
     * Records that the framework reported an error for a bundle, as it does when a refresh cannot
     * start again a bundle it stopped (a package it needs is gone, its activator threw).
     */
    void frameworkError(long id) {
        Trace trace = traces.get(id);
        if (trace != null) {
            trace.failedAt = sequence++;
        }
    }

    private void changed(Trace trace, Change change, long now) {
        // Installed, then updated before the report: still new to the framework.
        if (trace.change == null || change == Change.UNINSTALL) {
            trace.change = change;
        }
        trace.changedAt = trace.changedAt < 0 ? now : trace.changedAt;
        firstChange = firstChange < 0 ? now : firstChange;
    }

    /**
     * @return what the change did so far, or {@code null} if it is not worth a report (no change,
     *         or it only installed bundles and stopped nothing)
     */
    RefreshReport report() {
        List<Trace> all = new ArrayList<>(traces.values());
        Map<String, List<String>> causes = new LinkedHashMap<>();
        all.stream().filter(t -> t.change != null).sorted(Comparator.comparingLong(t -> t.changedAt))
                .forEach(t -> causes.computeIfAbsent(t.change.verb, verb -> new ArrayList<>()).add(t.label));

        Map<Long, String> labels = new LinkedHashMap<>();
        Map<Long, Outcome> outcomes = new HashMap<>();
        boolean stoppedOthers = false;
        all.sort(Comparator.comparing((Trace t) -> t.change == null).thenComparingLong(t -> t.id));
        for (Trace trace : all) {
            if (!stoppedByTheChange(trace) || trace.change == Change.UNINSTALL) {
                continue;
            }
            stoppedOthers |= trace.change == null;
            labels.put(trace.id, trace.label);
            outcomes.put(trace.id, trace.startedAt > trace.stoppedAt ? Outcome.RESTARTED
                    : trace.failedAt > trace.stoppedAt ? Outcome.FAILED : Outcome.AWAITED);
        }
        boolean updatedOrRemoved = causes.containsKey(Change.UPDATE.verb) || causes.containsKey(Change.UNINSTALL.verb);
        if (!updatedOrRemoved && !stoppedOthers) {
            return null;
        }
        return new RefreshReport(causes, labels, outcomes);
    }

    /** Forgets everything: the next change starts a new window. */
    void clear() {
        traces.clear();
        firstChange = -1;
    }

    private boolean stoppedByTheChange(Trace trace) {
        if (trace.stoppedAt < 0) {
            return false;
        }
        if (trace.change != null) {
            return true;
        }
        return trace.unresolved && firstChange >= 0 && trace.stoppedAt > firstChange;
    }
}
