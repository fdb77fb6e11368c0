package io.procdaemon.config.toml;

import java.util.List;
import java.util.Map;

/**
 * A TOML file as ConfigAdmin properties: dotted keys, typed values (Long, Double, Boolean,
 * String, and arrays of one of them), each key's position in the file, and the problems found.
 * A translation with problems must not reach ConfigAdmin.
 *
 * @param file the file as operators name it
 * @param properties dotted key to value, in file order
 * @param positions dotted key to its {@code {line, column}} (1-based) in the file
 * @param problems why the file is refused; empty when it is not
 */
public record Translation(String file, Map<String, Object> properties, Map<String, int[]> positions,
        List<ConfigProblem> problems) {

    /** @return {@code true} when nothing was found wrong */
    public boolean ok() {
        return problems.isEmpty();
    }
}
