package io.procdaemon.core.diagnostics;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code [flight_recorder]} keys of {@code etc/daemon.toml}, as the core receives them
 * (validated already by the configuration bundle; a key missing, as when the core runs without
 * it, takes the schema's default). All apply live.
 *
 * @param enabled {@code flight_recorder.enabled}: keep a continuous recording
 * @param maxSizeBytes {@code flight_recorder.max_size_mib}: the ring's size bound
 * @param maxAge {@code flight_recorder.max_age_seconds}: the ring's age bound
 * @param maxDumps {@code flight_recorder.max_dumps}: automatic dumps kept in {@code data/}, oldest deleted
 * @param minDumpInterval {@code flight_recorder.min_dump_interval_seconds}: at most one automatic dump per interval
 */
record FlightSettings(boolean enabled, long maxSizeBytes, Duration maxAge, int maxDumps, Duration minDumpInterval) {

    static final String PREFIX = "flight_recorder.";
    static final FlightSettings DEFAULTS = new FlightSettings(false, 16L << 20, Duration.ofMinutes(10), 10,
            Duration.ofMinutes(1));

    static FlightSettings from(Map<String, ?> configuration) {
        return new FlightSettings(
                configuration.get(PREFIX + "enabled") instanceof Boolean b ? b : DEFAULTS.enabled,
                number(configuration, "max_size_mib", DEFAULTS.maxSizeBytes >> 20) << 20,
                Duration.ofSeconds(number(configuration, "max_age_seconds", DEFAULTS.maxAge.toSeconds())),
                (int) number(configuration, "max_dumps", DEFAULTS.maxDumps),
                Duration.ofSeconds(number(configuration, "min_dump_interval_seconds", DEFAULTS.minDumpInterval.toSeconds())));
    }

    private static long number(Map<String, ?> configuration, String key, long defaultValue) {
        return configuration.get(PREFIX + key) instanceof Number n ? n.longValue() : defaultValue;
    }

    /** @return the bounds as the log says them: {@code 16 MiB or 600 s, whichever is reached first} */
    String describe() {
        return (maxSizeBytes >> 20) + " MiB or " + maxAge.toSeconds() + " s, whichever is reached first; automatic dumps: at most one per "
                + minDumpInterval.toSeconds() + " s, the last " + maxDumps + " kept";
    }
}
