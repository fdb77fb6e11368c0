package io.procdaemon.metrics.internal;

import java.util.List;

import io.procdaemon.metrics.Timer;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;

/** A {@link Timer} over a classic Prometheus histogram in seconds. */
final class TimerHandle implements Timer {

    private static final double NANOS_PER_SECOND = 1e9;

    private final Histogram metric;
    private final String name;
    private final List<String> labelNames;
    private final String[] bound;
    private final DistributionDataPoint point;

    TimerHandle(Histogram metric, String name, List<String> labelNames, String... bound) {
        this.metric = metric;
        this.name = name;
        this.labelNames = labelNames;
        this.bound = bound;
        this.point = bound.length == labelNames.size() ? metric.labelValues(bound) : null;
    }

    @Override
    public void recordNanos(long nanos) {
        if (point == null) {
            throw Labels.unbound("timer", name, labelNames, bound.length);
        }
        point.observe(nanos / NANOS_PER_SECOND);
    }

    @Override
    public Timer labels(String... values) {
        return new TimerHandle(metric, name, labelNames, Labels.values(name, labelNames, bound, values));
    }
}
