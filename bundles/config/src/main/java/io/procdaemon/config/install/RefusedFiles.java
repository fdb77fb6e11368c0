package io.procdaemon.config.install;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import io.procdaemon.config.toml.ConfigProblem;

/**
 * The files of {@code etc/} whose last version was refused, with why: kept here because a refusal
 * leaves nothing in ConfigAdmin (the configuration keeps its last good values, or there is none),
 * yet operators ask for it later ({@code config:list}, {@code daemon:status}). Thread-safe.
 */
final class RefusedFiles {

    private final SortedMap<String, List<ConfigProblem>> refused = Collections.synchronizedSortedMap(new TreeMap<>());

    /** @param file as operators name it ({@code etc/app.toml}); its last version was refused for these problems */
    void refused(String file, List<ConfigProblem> problems) {
        refused.put(file, List.copyOf(problems));
    }

    /** @param file applied, found unchanged, or deleted: no longer refused */
    void cleared(String file) {
        refused.remove(file);
    }

    /** @return a copy, sorted by file */
    SortedMap<String, List<ConfigProblem>> snapshot() {
        synchronized (refused) {
            return Collections.unmodifiableSortedMap(new TreeMap<>(refused));
        }
    }
}
