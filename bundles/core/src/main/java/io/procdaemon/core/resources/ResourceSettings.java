package io.procdaemon.core.resources;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The resource limits of {@code etc/daemon.toml}, as the core receives them (validated already by
 * the configuration bundle): {@code monitoring.track_resources}, {@code monitoring.metrics_interval_ms}
 * (how often the process is sampled), and the soft and hard limit of each {@link Resource}
 * ({@link Resource#softKey()}, {@link Resource#hardKey()}; 0: no limit), {@code resources.on_hard_limit}
 * and {@code resources.restart_subsystem}.
 *
 * @param sampling zero when nothing is to be sampled: tracking off, no interval, or no limit set
 */
record ResourceSettings(Duration sampling, Map<Resource, LimitWatch.Limits> limits, HardAction action,
        String restartSubsystem) {

    /** What a hard limit does. */
    enum HardAction {
        /** shut the daemon down with reason ResourceExhausted (exit code 1) */
        SHUTDOWN,
        /** write a heap dump to data/ and keep running */
        HEAPDUMP,
        /** restart the subsystem named by resources.restart_subsystem */
        RESTART
    }

    static final String PREFIX = "resources.";

    static ResourceSettings from(Map<String, ?> configuration) {
        Map<Resource, LimitWatch.Limits> limits = new EnumMap<>(Resource.class);
        for (Resource resource : Resource.values()) {
            LimitWatch.Limits limit = new LimitWatch.Limits(number(configuration, resource.softKey()),
                    number(configuration, resource.hardKey()));
            if (limit.any()) {
                limits.put(resource, limit);
            }
        }
        // The configuration bundle delivers every key, defaults filled in (DaemonSchema); without a
        // configuration at all there is no limit, so nothing is sampled and nothing acts.
        boolean tracking = Boolean.TRUE.equals(configuration.get("monitoring.track_resources"));
        long interval = configuration.get("monitoring.metrics_interval_ms") instanceof Number n ? n.longValue() : 0;
        Duration sampling = tracking && interval > 0 && !limits.isEmpty() ? Duration.ofMillis(interval) : Duration.ZERO;
        Object action = configuration.get(PREFIX + "on_hard_limit");
        HardAction hard = action == null ? HardAction.SHUTDOWN : HardAction.valueOf(action.toString().toUpperCase(java.util.Locale.ROOT));
        Object subsystem = configuration.get(PREFIX + "restart_subsystem");
        return new ResourceSettings(sampling, limits, hard, subsystem == null ? "" : subsystem.toString());
    }

    // equals and hashCode written out: a record's generated ones are bootstrapped through
    // java.lang.runtime.ObjectMethods on first use, which spins method handles for tens of
    // milliseconds of the boot on a small machine (docs/PERFORMANCE.md, issue 14), and the
    // component compares settings once as it activates.
    @Override
    public boolean equals(Object other) {
        return other instanceof ResourceSettings o && sampling.equals(o.sampling) && limits.equals(o.limits)
                && action == o.action && restartSubsystem.equals(o.restartSubsystem);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(sampling, limits, action, restartSubsystem);
    }

    private static long number(Map<String, ?> configuration, String key) {
        return configuration.get(key) instanceof Number n ? Math.max(0, n.longValue()) : 0;
    }
}
