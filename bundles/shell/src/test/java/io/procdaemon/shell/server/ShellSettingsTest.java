package io.procdaemon.shell.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The shell's limits from framework properties: defaults, values, and typos falling back to defaults. */
class ShellSettingsTest {

    private static ShellSettings read(Map<String, String> properties) {
        return ShellSettings.read(properties::get);
    }

    @Test
    void unsetMeansSixteenSessionsAndThirtyMinutes() {
        ShellSettings settings = read(Map.of());
        assertEquals(16, settings.maxSessions());
        assertEquals(1_800_000, settings.idleMillis());
        assertEquals("idle sessions are closed after 30 min (procdaemon.shell.idle.timeout.ms)", settings.idleRule());
    }

    @Test
    void valuesAreTakenAsWrittenAndZeroNeverClosesASession() {
        ShellSettings settings = read(Map.of("procdaemon.shell.max.sessions", " 4 ", "procdaemon.shell.idle.timeout.ms", "0"));
        assertEquals(4, settings.maxSessions());
        assertEquals("idle sessions are never closed (procdaemon.shell.idle.timeout.ms = 0)", settings.idleRule());
    }

    @Test
    void aValueThatIsNotAWholeNumberInRangeFallsBackToTheDefault() {
        ShellSettings settings = read(Map.of("procdaemon.shell.max.sessions", "0", "procdaemon.shell.idle.timeout.ms", "30m"));
        assertEquals(16, settings.maxSessions());
        assertEquals(1_800_000, settings.idleMillis());
        assertEquals(16, read(Map.of("procdaemon.shell.max.sessions", "1025")).maxSessions());
    }

    @Test
    void durationsReadAsAnOperatorWouldWriteThem() {
        assertEquals("30 min", ShellSettings.duration(1_800_000));
        assertEquals("5 s", ShellSettings.duration(5000));
        assertEquals("1500 ms", ShellSettings.duration(1500));
    }
}
