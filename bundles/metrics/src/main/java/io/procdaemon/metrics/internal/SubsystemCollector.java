package io.procdaemon.metrics.internal;

import java.util.List;

import io.procdaemon.metrics.Counter;
import io.procdaemon.metrics.Gauge;
import io.procdaemon.metrics.MetricsCollector;
import io.procdaemon.metrics.Timer;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** One subsystem's {@link MetricsCollector}: its name bound as the first label of every metric. */
final class SubsystemCollector implements MetricsCollector {

    private static final String TOTAL = "_total";
    private static final String SECONDS = "_seconds";

    private final PrometheusRegistry registry;
    private final Families families;
    private final String subsystem;

    SubsystemCollector(PrometheusRegistry registry, Families families, String subsystem) {
        this.registry = registry;
        this.families = families;
        this.subsystem = subsystem;
    }

    @Override
    public Counter counter(String name, String help, String... labelNames) {
        Labels.checkedName(name);
        // The exposition adds _total; "x" and "x_total" are one counter.
        String exposed = name.endsWith(TOTAL) ? name.substring(0, name.length() - TOTAL.length()) : name;
        List<String> names = Labels.names(name, labelNames);
        io.prometheus.metrics.core.metrics.Counter metric = families.get(exposed, "counter", names,
                () -> io.prometheus.metrics.core.metrics.Counter.builder(MetricsRegistryComponent.PROPERTIES).name(exposed).help(help)
                        .labelNames(names.toArray(String[]::new)).register(registry));
        return new CounterHandle(new LabelBinding<>("counter", exposed + TOTAL, names, metric::labelValues, subsystem));
    }

    @Override
    public Gauge gauge(String name, String help, String... labelNames) {
        Labels.checkedName(name);
        List<String> names = Labels.names(name, labelNames);
        io.prometheus.metrics.core.metrics.Gauge metric = families.get(name, "gauge", names,
                () -> io.prometheus.metrics.core.metrics.Gauge.builder(MetricsRegistryComponent.PROPERTIES).name(name).help(help)
                        .labelNames(names.toArray(String[]::new)).register(registry));
        return new GaugeHandle(new LabelBinding<>("gauge", name, names, metric::labelValues, subsystem));
    }

    @Override
    public Timer timer(String name, String help, String... labelNames) {
        Labels.checkedName(name);
        String exposed = name.endsWith(SECONDS) ? name : name + SECONDS;
        List<String> names = Labels.names(name, labelNames);
        Histogram metric = families.get(exposed, "timer", names,
                () -> Histogram.builder(MetricsRegistryComponent.PROPERTIES).name(exposed).help(help).classicOnly()
                        .labelNames(names.toArray(String[]::new)).register(registry));
        return new TimerHandle(new LabelBinding<>("timer", exposed, names, metric::labelValues, subsystem));
    }
}
