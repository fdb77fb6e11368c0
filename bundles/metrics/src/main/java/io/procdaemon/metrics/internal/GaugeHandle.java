package io.procdaemon.metrics.internal;

import java.util.List;

import io.procdaemon.metrics.Gauge;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;

/** A {@link Gauge} over the Prometheus client's. */
final class GaugeHandle implements Gauge {

    private final io.prometheus.metrics.core.metrics.Gauge metric;
    private final String name;
    private final List<String> labelNames;
    private final String[] bound;
    private final GaugeDataPoint point;

    GaugeHandle(io.prometheus.metrics.core.metrics.Gauge metric, String name, List<String> labelNames, String... bound) {
        this.metric = metric;
        this.name = name;
        this.labelNames = labelNames;
        this.bound = bound;
        this.point = bound.length == labelNames.size() ? metric.labelValues(bound) : null;
    }

    @Override
    public void set(double value) {
        if (point == null) {
            throw Labels.unbound("gauge", name, labelNames, bound.length);
        }
        point.set(value);
    }

    @Override
    public void inc(double amount) {
        if (point == null) {
            throw Labels.unbound("gauge", name, labelNames, bound.length);
        }
        point.inc(amount);
    }

    @Override
    public Gauge labels(String... values) {
        return new GaugeHandle(metric, name, labelNames, Labels.values(name, labelNames, bound, values));
    }
}
