package io.procdaemon.core.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class WatchdogTest {

    private static Watchdog watchdog(String usec) {
        return Watchdog.fromEnvironment(Map.of("WATCHDOG_USEC", usec), 42).orElseThrow();
    }

    @Test
    void pingsAtHalfTheIntervalSystemdAsksForAndGivesTheSupervisorHalfOfThatToAnswer() {
        Watchdog watchdog = watchdog("30000000");
        assertEquals(Duration.ofSeconds(15), watchdog.interval());
        assertEquals(Duration.ofMillis(7500), watchdog.answerWithin());
    }

    @Test
    void aSupervisorThatStopsAnsweringStopsThePingsAndIsReportedOncePerSpell() {
        Watchdog watchdog = watchdog("1000000");
        assertEquals(Watchdog.Action.PING, watchdog.tick(true));
        assertEquals(Watchdog.Action.PING, watchdog.tick(true));
        assertEquals(Watchdog.Action.WITHHOLD_AND_WARN, watchdog.tick(false));
        assertEquals(Watchdog.Action.WITHHOLD, watchdog.tick(false));
        assertEquals(Watchdog.Action.WITHHOLD, watchdog.tick(false));
        assertEquals(3, watchdog.withheld());
        assertEquals(Watchdog.Action.PING_AND_RECOVER, watchdog.tick(true));
        assertEquals(Watchdog.Action.PING, watchdog.tick(true));
        assertEquals(Watchdog.Action.WITHHOLD_AND_WARN, watchdog.tick(false));
    }

    @Test
    void noWatchdogWithoutUsecOrForAnotherProcessOrAtZero() {
        assertTrue(Watchdog.fromEnvironment(Map.of(), 42).isEmpty());
        assertTrue(Watchdog.fromEnvironment(Map.of("WATCHDOG_USEC", "1000000", "WATCHDOG_PID", "7"), 42).isEmpty());
        assertTrue(Watchdog.fromEnvironment(Map.of("WATCHDOG_USEC", "0"), 42).isEmpty());
        assertTrue(Watchdog.fromEnvironment(Map.of("WATCHDOG_USEC", "1000000", "WATCHDOG_PID", "42"), 42).isPresent());
    }

    @Test
    void aMalformedUsecIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Watchdog.fromEnvironment(Map.of("WATCHDOG_USEC", "30s"), 42));
        assertTrue(e.getMessage().contains("WATCHDOG_USEC='30s'"), e.getMessage());
    }
}
