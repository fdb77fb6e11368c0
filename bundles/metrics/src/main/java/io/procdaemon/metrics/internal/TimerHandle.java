package io.procdaemon.metrics.internal;

import io.procdaemon.metrics.Timer;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;

/** A {@link Timer} over a classic Prometheus histogram in seconds. */
final class TimerHandle implements Timer {

    private static final double NANOS_PER_SECOND = 1e9;

    private final LabelBinding<DistributionDataPoint> binding;

    TimerHandle(LabelBinding<DistributionDataPoint> binding) {
        this.binding = binding;
    }

    @Override
    public void recordNanos(long nanos) {
        binding.point().observe(nanos / NANOS_PER_SECOND);
    }

    @Override
    public Timer labels(String... values) {
        return new TimerHandle(binding.labels(values));
    }
}
