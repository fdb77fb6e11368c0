package io.procdaemon.core.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FlightSettingsTest {

    @Test
    void missingKeysTakeTheSchemasDefaults() {
        assertEquals(new FlightSettings(false, 16L << 20, Duration.ofSeconds(600), 10, Duration.ofSeconds(60)),
                FlightSettings.from(Map.of()));
    }

    @Test
    void theKeysAsConfigAdminDeliversThem() {
        assertEquals(new FlightSettings(true, 4L << 20, Duration.ofSeconds(30), 3, Duration.ZERO),
                FlightSettings.from(Map.of("flight_recorder.enabled", true, "flight_recorder.max_size_mib", 4L,
                        "flight_recorder.max_age_seconds", 30L, "flight_recorder.max_dumps", 3L,
                        "flight_recorder.min_dump_interval_seconds", 0L)));
    }
}
