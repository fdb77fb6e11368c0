package io.procdaemon.config.install;

import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;

/**
 * What each configuration was before a file was applied to it unchecked, that is while no
 * Metatype description of its PID was known (at boot, Metatype starts after {@code etc/} is
 * read; a bundle of {@code deploy/} may describe its PID only once installed or started). When
 * the description arrives and refuses the file, the configuration goes back to what it was
 * before: the file gets the verdict it would have had live, where a refused file never reaches
 * ConfigAdmin.
 *
 * <p>Only the state before the first of a run of unchecked writes is kept: two unchecked edits in
 * a row go back to what was in force before both. A checked write ends the run. Callers
 * serialise calls (the installer's monitor).
 */
final class UncheckedFiles {

    /** PID to its properties before the run of unchecked writes; empty: there was no configuration. */
    private final Map<String, Optional<Hashtable<String, Object>>> before = new HashMap<>();

    /**
     * @param pid the configuration written
     * @param checked whether a description of the PID was known and checked the file
     * @param previous its properties before this write, or {@code null} if it had none
     */
    void written(String pid, boolean checked, Dictionary<String, Object> previous) {
        if (checked) {
            before.remove(pid);
        } else if (!before.containsKey(pid)) {
            before.put(pid, Optional.ofNullable(previous).map(UncheckedFiles::copy));
        }
    }

    /**
     * @return what the configuration was before its unchecked writes: present-and-empty when
     *         there was no configuration, absent when its last write was checked (nothing to take
     *         back); the record ends either way
     */
    Optional<Optional<Hashtable<String, Object>>> takeBack(String pid) {
        return Optional.ofNullable(before.remove(pid));
    }

    private static Hashtable<String, Object> copy(Dictionary<String, Object> dictionary) {
        Hashtable<String, Object> copy = new Hashtable<>();
        for (String key : Collections.list(dictionary.keys())) {
            copy.put(key, dictionary.get(key));
        }
        return copy;
    }
}
