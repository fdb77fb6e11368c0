package io.procdaemon.config.install;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

import io.procdaemon.config.toml.ConfigProblem;

/**
 * What became of the files of {@code etc/}: those whose last version was refused (their
 * configuration keeps its last good values, or has none yet), and what each reload did. The
 * {@code daemon:reload}, {@code config:list} and {@code daemon:status} commands report them.
 */
public interface FileVerdicts {

    /**
     * @return the files whose last version was refused, as operators name them
     *         ({@code etc/app.toml}), with why, sorted by name; a file leaves this map when a
     *         version of it is applied or found unchanged, or when it is deleted
     */
    SortedMap<String, List<ConfigProblem>> refused();

    /** @return how many reloads of {@code etc/} (SIGHUP, {@code daemon:reload}) have begun */
    long reloadsBegun();

    /**
     * Waits for a reload that began after {@code begun} was read from {@link #reloadsBegun()}.
     *
     * @return that reload, or empty when none ended within the bound
     * @throws InterruptedException when the wait is interrupted (Ctrl-C)
     */
    Optional<Reload> awaitReload(long begun, Duration bound) throws InterruptedException;

    /**
     * One reload of {@code etc/}: each file as operators name it, in one of four lists.
     *
     * @param applied files whose configuration changed
     * @param unchanged files whose configuration already was what they say
     * @param held empty files whose configuration has keys, held until they stay empty a moment
     * @param refused files refused, with why; their configurations keep their last good values
     */
    record Reload(List<String> applied, List<String> unchanged, List<String> held,
            SortedMap<String, List<ConfigProblem>> refused) {
    }
}
