package io.procdaemon.core.logging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.procdaemon.logging.LogLevels;

/**
 * {@code logging.levels} of etc/daemon.toml read: {@code logger=level} entries separated by
 * commas, {@code "io.procdaemon.supervisor=debug, org.acme=warn"}. The daemon's schema has no list
 * type, so the key is one string and its entries are checked here: each bad entry is a problem
 * naming the entry and what is valid, and the good ones still apply.
 *
 * @param levels logger name to level name (lower case), in the order written
 * @param problems one sentence per bad entry
 */
record ConfiguredLevels(Map<String, String> levels, List<String> problems) {

    /** The key, as problems name it. */
    static final String KEY = "logging.levels";

    static ConfiguredLevels parse(String text) {
        Map<String, String> levels = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return new ConfiguredLevels(levels, problems);
        }
        for (String raw : text.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int equals = entry.indexOf('=');
            String logger = equals < 0 ? "" : entry.substring(0, equals).strip();
            String level = equals < 0 ? "" : entry.substring(equals + 1).strip().toLowerCase(Locale.ROOT);
            String problem = null;
            if (equals < 0 || logger.isEmpty()) {
                problem = "is not logger=level";
            } else if (logger.equalsIgnoreCase(LogLevels.ROOT)) {
                problem = "sets the root logger, whose level is logging.level";
            } else if (!LogLevels.NAMES.contains(level)) {
                problem = "has no valid level '" + level + "'";
            } else if (levels.containsKey(logger)) {
                problem = "repeats logger " + logger + " (" + logger + "=" + levels.get(logger) + " applies)";
            }
            if (problem != null) {
                problems.add("etc/daemon.toml key '" + KEY + "': entry \"" + entry + "\" " + problem
                        + "; valid: logger=level, with a level one of " + String.join(", ", LogLevels.NAMES)
                        + ", entries separated by commas; the other entries apply");
            } else {
                levels.put(logger, level);
            }
        }
        return new ConfiguredLevels(levels, List.copyOf(problems));
    }
}
