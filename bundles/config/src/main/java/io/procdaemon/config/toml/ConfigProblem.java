package io.procdaemon.config.toml;

/**
 * One reason a configuration file is refused, located as precisely as it can be.
 *
 * @param file the file as operators name it, e.g. {@code etc/daemon.toml}
 * @param line 1-based line, or 0 when the problem has no position (a missing key, the file name)
 * @param column 1-based column, or 0 when unknown
 * @param key the dotted key concerned, or empty
 * @param message what is wrong and what would be valid
 */
public record ConfigProblem(String file, int line, int column, String key, String message) {

    /** @return {@code etc/daemon.toml line 12, column 3, key 'shutdown.graceful': <message>} */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(" line ").append(line);
            if (column > 0) {
                text.append(", column ").append(column);
            }
        }
        if (!key.isEmpty()) {
            text.append(line > 0 ? ", key '" : " key '").append(key).append('\'');
        }
        return text.append(": ").append(message).toString();
    }
}
