package io.procdaemon.metrics.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The metrics created through collectors, one per name for the whole daemon: a second subsystem
 * asking for a name gets the same metric (its series told apart by the subsystem label), so the
 * exposition has one family per name, as Prometheus requires. A name asked for again with another
 * type or other labels is refused, naming both.
 */
final class Families {

    private record Family(String type, List<String> labelNames, Object metric) {
    }

    private final Map<String, Family> byName = new ConcurrentHashMap<>();

    /**
     * @param name the name as exposed (after the type's suffix rules)
     * @param type counter, gauge or timer
     * @param labelNames every label, the subsystem's first
     * @param create makes and registers the metric, called at most once per name
     * @return the metric of that name
     */
    @SuppressWarnings("unchecked")
    <M> M get(String name, String type, List<String> labelNames, Supplier<M> create) {
        Family family = byName.computeIfAbsent(name, n -> new Family(type, List.copyOf(labelNames), create.get()));
        if (!family.type().equals(type) || !family.labelNames().equals(labelNames)) {
            throw new IllegalArgumentException("metric '" + name + "' exists as a " + family.type() + " with labels "
                    + family.labelNames() + "; asked for a " + type + " with labels " + labelNames);
        }
        return (M) family.metric();
    }
}
