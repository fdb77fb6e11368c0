package io.procdaemon.metrics.internal;

import java.util.List;

import io.procdaemon.metrics.Counter;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;

/** A {@link Counter} over the Prometheus client's; bound to every label value, or to some of them. */
final class CounterHandle implements Counter {

    private final io.prometheus.metrics.core.metrics.Counter metric;
    private final String name;
    private final List<String> labelNames;
    private final String[] bound;
    /** Null until every label has its value. */
    private final CounterDataPoint point;

    CounterHandle(io.prometheus.metrics.core.metrics.Counter metric, String name, List<String> labelNames, String... bound) {
        this.metric = metric;
        this.name = name;
        this.labelNames = labelNames;
        this.bound = bound;
        this.point = bound.length == labelNames.size() ? metric.labelValues(bound) : null;
    }

    @Override
    public void inc() {
        if (point == null) {
            throw Labels.unbound("counter", name, labelNames, bound.length);
        }
        point.inc();
    }

    @Override
    public void inc(double amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("counter '" + name + "' only goes up; got " + amount);
        }
        if (point == null) {
            throw Labels.unbound("counter", name, labelNames, bound.length);
        }
        point.inc(amount);
    }

    @Override
    public Counter labels(String... values) {
        return new CounterHandle(metric, name, labelNames, Labels.values(name, labelNames, bound, values));
    }
}
