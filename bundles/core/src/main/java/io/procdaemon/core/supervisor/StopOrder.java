package io.procdaemon.core.supervisor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order in which subsystems stop: users before the subsystems whose services they use.
 *
 * <p>Stop proceeds in waves. The first wave holds every subsystem no other (still running)
 * subsystem depends on; they stop in parallel. When a wave has stopped, the next holds those now
 * without dependents, and so on. Subsystems caught in a dependency cycle stop together in a last
 * wave.
 */
final class StopOrder {

    private StopOrder() {
    }

    /**
     * @param names the subsystems to stop
     * @param dependencies for each name, the names of the subsystems it uses (others are ignored)
     * @return the waves, first to stop first; every name appears exactly once
     */
    static List<Set<String>> waves(Set<String> names, Map<String, Set<String>> dependencies) {
        Set<String> remaining = new LinkedHashSet<>(names);
        List<Set<String>> waves = new ArrayList<>();
        while (!remaining.isEmpty()) {
            Set<String> used = new HashSet<>();
            for (String user : remaining) {
                for (String provider : dependencies.getOrDefault(user, Set.of())) {
                    if (!provider.equals(user)) {
                        used.add(provider);
                    }
                }
            }
            Set<String> wave = new LinkedHashSet<>();
            for (String name : remaining) {
                if (!used.contains(name)) {
                    wave.add(name);
                }
            }
            if (wave.isEmpty()) {
                waves.add(Set.copyOf(remaining)); // a cycle: no order is right, stop them together
                break;
            }
            waves.add(wave);
            remaining.removeAll(wave);
        }
        return waves;
    }
}
