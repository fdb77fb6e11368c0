package io.procdaemon.metrics.internal;

import io.procdaemon.metrics.Gauge;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;

/** A {@link Gauge} over the Prometheus client's. */
final class GaugeHandle implements Gauge {

    private final LabelBinding<GaugeDataPoint> binding;

    GaugeHandle(LabelBinding<GaugeDataPoint> binding) {
        this.binding = binding;
    }

    @Override
    public void set(double value) {
        binding.point().set(value);
    }

    @Override
    public void inc(double amount) {
        binding.point().inc(amount);
    }

    @Override
    public Gauge labels(String... values) {
        return new GaugeHandle(binding.labels(values));
    }
}
