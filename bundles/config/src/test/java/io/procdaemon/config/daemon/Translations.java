package io.procdaemon.config.daemon;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.procdaemon.config.toml.Translation;

/** Builds translations for tests: key and value pairs, the n-th pair at line n, column 1. */
final class Translations {

    static final String FILE = "etc/daemon.toml";

    private Translations() {
    }

    static Translation of(Object... keysAndValues) {
        Map<String, Object> properties = new LinkedHashMap<>();
        Map<String, int[]> positions = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = (String) keysAndValues[i];
            properties.put(key, keysAndValues[i + 1]);
            positions.put(key, new int[] {i / 2 + 1, 1});
        }
        return new Translation(FILE, properties, positions, List.of());
    }
}
