package io.procdaemon.shell.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Durations as the commands print and parse them, and the tables they print. */
class TextTest {

    private static String duration(long millis) {
        return Text.duration(Duration.ofMillis(millis));
    }

    @Test
    void durationsBelowASecondAreMilliseconds() {
        assertEquals("0ms", duration(0));
        assertEquals("1ms", duration(1));
        assertEquals("999ms", duration(999));
    }

    @Test
    void negativeDurationsAreZero() {
        assertEquals("0ms", duration(-1));
        assertEquals("0ms", duration(-90_000));
    }

    @Test
    void durationsBelowAMinuteAreSecondsWithTenths() {
        assertEquals("1.0s", duration(1_000));
        assertEquals("7.2s", duration(7_250));
        assertEquals("1.9s", duration(1_999));
        // Truncated like the other units, never rounded up into the next one.
        assertEquals("59.9s", duration(59_999));
    }

    @Test
    void durationsBelowAnHourAreMinutesAndSeconds() {
        assertEquals("1m 00s", duration(60_000));
        assertEquals("5m 06s", duration(306_000));
        assertEquals("59m 59s", duration(3_599_999));
    }

    @Test
    void durationsBelowADayAreHoursAndMinutes() {
        assertEquals("1h 00m", duration(3_600_000));
        assertEquals("3h 04m", duration(3 * 3_600_000 + 4 * 60_000 + 59_000));
        assertEquals("23h 59m", duration(86_399_999));
    }

    @Test
    void longerDurationsAreDaysAndHours() {
        assertEquals("1d 00h", duration(86_400_000));
        assertEquals("1d 02h", duration(86_400_000 + 2 * 3_600_000 + 59 * 60_000));
        assertEquals("400d 00h", duration(400L * 86_400_000));
    }

    @Test
    void parsesMillisecondsAndUnits() {
        assertEquals(Duration.ofMillis(2000), Text.parseDuration("--timeout", "2000"));
        assertEquals(Duration.ofMillis(500), Text.parseDuration("--timeout", "500ms"));
        assertEquals(Duration.ofSeconds(2), Text.parseDuration("--timeout", "2s"));
        assertEquals(Duration.ofMillis(1500), Text.parseDuration("--timeout", "1.5s"));
        assertEquals(Duration.ofMinutes(1), Text.parseDuration("--timeout", "1m"));
        assertEquals(Duration.ofSeconds(2), Text.parseDuration("--timeout", " 2S "));
    }

    @Test
    void badInputIsQuotedWithTheValidForms() {
        for (String bad : new String[] {"abc", "2h", "1.5ms", "ms", "s", "", "2 000"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Text.parseDuration("--timeout", bad), bad);
            assertEquals("--timeout '" + bad + "' is not a duration; use milliseconds (2000) or a unit: 500ms, 2s, 1m",
                    e.getMessage());
        }
    }

    @Test
    void zeroAndNegativeAreRefused() {
        for (String bad : new String[] {"0", "0ms", "0s", "-1", "-5s", "0.0001s"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Text.parseDuration("--timeout", bad), bad);
            assertEquals("--timeout '" + bad + "' must be more than zero", e.getMessage());
        }
    }

    @Test
    void durationsTooLongForTheShutdownLadderAreRefused() {
        // The ladder computes deadlines in nanoseconds: these would overflow it.
        for (String bad : new String[] {"1e300s", "9223372036854775807", "Infinitys", "NaNs"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Text.parseDuration("--timeout", bad), bad);
            assertTrue(e.getMessage().startsWith("--timeout '" + bad + "' "), e.getMessage());
        }
        assertEquals(Duration.ofDays(1), Text.parseDuration("--timeout", "1440m"));
        assertEquals("--timeout '1441m' is too long; at most 1 day (86400000 ms)",
                assertThrows(IllegalArgumentException.class, () -> Text.parseDuration("--timeout", "1441m")).getMessage());
    }

    @Test
    void shortenKeepsTheFirstLineWithinTheLimit() {
        assertEquals("first", Text.shorten("first\nsecond", 10));
        assertEquals("ab...", Text.shorten("abcdefgh", 5));
        assertEquals("abcde", Text.shorten("abcde", 5));
        assertEquals("", Text.shorten("", 5));
    }

    @Test
    void tableColumnsArePaddedToTheWidestCellAndTheLastIsNot() {
        String table = new Text.Table("NAME", "STATE", "LAST ERROR")
                .row("http", "RUNNING", "-")
                .row("worker-long-name", "FAILED", "boom")
                .row("x", "", "")
                .toString();
        assertEquals(String.join("\n",
                "NAME              STATE    LAST ERROR",
                "http              RUNNING  -",
                "worker-long-name  FAILED   boom",
                "x",
                ""), table);
    }

    @Test
    void tableCellsAreAnyObjectsAndNullsPrintAsNull() {
        assertEquals("A  B\n1  null\n", new Text.Table("A", "B").row(1, null).toString());
    }
}
