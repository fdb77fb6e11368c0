package io.procdaemon.core.bundle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides what in {@code deploy/} deserves a line in the log, from successive listings of the
 * folder: pure logic, with the clock passed in, so it is tested without a file system or sleeps.
 *
 * <p>Rules:
 * <ul>
 * <li>An entry is judged only once its state (directory or not, size, modification time) has
 * stayed the same for {@link #SETTLE}: a jar still being written (a copy over a slow link,
 * {@code dd} in chunks) is not judged on a part of itself.
 * <li>It is judged once per state: a file reported as not a bundle is not reported again at
 * every scan, but is judged afresh when it changes (a complete copy over a partial one).
 * <li>A directory is always a problem: FileInstall deploys jar files only.
 * <li>A file is a problem if {@code judge} says so ({@code null}: a bundle, nothing to say;
 * FileInstall installs it).
 * <li>An entry that is gone is forgotten, so the same name dropped again is judged again.
 * </ul>
 * Not thread-safe: one scanning thread calls {@link #scan}.
 */
final class DeployVerdicts {

    /** How long an entry must keep its state before it is judged. */
    static final Duration SETTLE = Duration.ofSeconds(1);

    /** One entry of the folder's listing, as the file system told it. */
    record Entry(String name, boolean directory, long size, long modifiedMillis) {
    }

    private record Seen(Entry entry, long sinceNanos, boolean judged) {
    }

    private final Map<String, Seen> seen = new HashMap<>();

    /**
     * @param listing the folder's entries now (those FileInstall would look at)
     * @param nowNanos a monotonic time ({@link System#nanoTime()})
     * @param judge the reason a file (by name) is not a bundle, or {@code null} if it is one;
     *        asked once per settled state, so it may open the file
     * @return the problems to report, one line each: {@code name} and what is wrong with it
     */
    List<Problem> scan(List<Entry> listing, long nowNanos, Function<String, String> judge) {
        List<Problem> problems = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (Entry entry : listing) {
            present.add(entry.name());
            Seen before = seen.get(entry.name());
            if (before == null || !before.entry().equals(entry)) {
                seen.put(entry.name(), new Seen(entry, nowNanos, false));
                continue;
            }
            if (before.judged() || nowNanos - before.sinceNanos() < SETTLE.toNanos()) {
                continue;
            }
            seen.put(entry.name(), new Seen(entry, before.sinceNanos(), true));
            if (entry.directory()) {
                problems.add(new Problem(entry.name(), true, null));
            } else {
                String reason = judge.apply(entry.name());
                if (reason != null) {
                    problems.add(new Problem(entry.name(), false, reason));
                }
            }
        }
        seen.keySet().retainAll(present);
        return problems;
    }

    /**
     * What is wrong with an entry of {@code deploy/}.
     *
     * @param name its file name
     * @param directory whether it is a directory (that is the problem)
     * @param reason why the file is not a bundle; {@code null} for a directory
     */
    record Problem(String name, boolean directory, String reason) {
    }
}
