package io.procdaemon.metrics.internal;

import io.procdaemon.metrics.Counter;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;

/** A {@link Counter} over the Prometheus client's; bound to every label value, or to some of them. */
final class CounterHandle implements Counter {

    private final LabelBinding<CounterDataPoint> binding;

    CounterHandle(LabelBinding<CounterDataPoint> binding) {
        this.binding = binding;
    }

    @Override
    public void inc() {
        binding.point().inc();
    }

    @Override
    public void inc(double amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("counter '" + binding.name() + "' only goes up; got " + amount);
        }
        binding.point().inc(amount);
    }

    @Override
    public Counter labels(String... values) {
        return new CounterHandle(binding.labels(values));
    }
}
