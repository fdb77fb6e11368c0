package io.procdaemon.config.install;

/**
 * Runtime edits of configurations, written back to the files of {@code etc/} (the
 * {@code config:*} commands use it). Each edit is validated by exactly the rules a file is
 * (translation, the daemon's schema, a Metatype description), then written to the file
 * atomically and applied to ConfigAdmin before it returns, serialised with FileInstall's
 * notifications so that the one that follows finds nothing to do. A refused edit changes
 * neither the file nor ConfigAdmin.
 *
 * <p>A configuration that has no file gets one at its first edit: {@code etc/<pid>.toml}
 * (or {@code etc/<factoryPid>~<name>.toml}), holding its current properties; from then on the
 * file is its source of truth. Every failure is an {@link IllegalArgumentException} (the
 * input is wrong) or {@link IllegalStateException} (cannot be done now) whose message is one
 * complete line for the operator.
 */
public interface RuntimeEdits {

    /**
     * What an edit did.
     *
     * @param pid the configuration
     * @param file the file written or deleted, as operators name it ({@code etc/daemon.toml}), or
     *        {@code ""} when there is none
     * @param created {@code true} when the edit created the file
     * @param overrides for a key the environment overrides, the variable and its value now
     *        overridden ({@code DAEMON_SHUTDOWN__GRACEFUL=2000}), else {@code ""}
     * @param note anything else the operator should know (takes effect at the next start, the
     *        value stays at its default), or {@code ""}
     */
    record Edit(String pid, String file, boolean created, String overrides, String note) {
    }

    /**
     * Sets a key (new or existing) to a typed value.
     *
     * @param value a Long, Double, Boolean, String or an array of one of them
     * @param create whether a configuration that does not exist may be created
     */
    Edit set(String pid, String key, Object value, boolean create);

    /** Removes a key from the configuration and its file. */
    Edit unset(String pid, String key);

    /** Deletes the configuration and its file. */
    Edit delete(String pid);

    /** @return the file of a configuration as operators name it ({@code etc/daemon.toml}), or {@code ""} */
    String fileOf(String pid);
}
