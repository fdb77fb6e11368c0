package io.procdaemon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ApiValuesTest {

    @Test
    void timeoutsMustBeStrictlyIncreasingAndPositive() {
        assertEquals(ShutdownTimeouts.ofMillis(5000, 10000, 15000), ShutdownTimeouts.DEFAULTS);
        DaemonException zero = assertThrows(DaemonException.class, () -> ShutdownTimeouts.ofMillis(0, 10, 20));
        assertEquals(ErrorCode.CONFIG_INVALID, zero.code());
        assertTrue(zero.getMessage().contains("graceful must be positive, got 0 ms"), zero.getMessage());
        DaemonException equal = assertThrows(DaemonException.class, () -> ShutdownTimeouts.ofMillis(5000, 5000, 15000));
        assertTrue(equal.getMessage().contains("force (5000 ms) must be greater than graceful (5000 ms)"), equal.getMessage());
        assertTrue(equal.getMessage().contains("valid: 0 < graceful < force < kill"), equal.getMessage());
        DaemonException kill = assertThrows(DaemonException.class, () -> ShutdownTimeouts.ofMillis(1, 3, 2));
        assertTrue(kill.getMessage().contains("kill (2 ms) must be greater than force (3 ms)"), kill.getMessage());
        assertThrows(DaemonException.class, () -> ShutdownTimeouts.ofMillis(-1, 3, 4));
    }

    @Test
    void shutdownReasonsCompareByKindAndSignal() {
        assertEquals(ShutdownReason.signal(15), ShutdownReason.signal(15));
        assertNotEquals(ShutdownReason.signal(15), ShutdownReason.signal(2));
        assertEquals(OptionalInt.of(15), ShutdownReason.signal(15).signalNumber());
        assertEquals(OptionalInt.empty(), ShutdownReason.REQUESTED.signalNumber());
        assertEquals("Signal(15)", ShutdownReason.signal(15).toString());
        assertEquals("ResourceExhausted", ShutdownReason.RESOURCE_EXHAUSTED.toString());
        assertTrue(ShutdownReason.ERROR.isFailure());
        assertFalse(ShutdownReason.signal(2).isFailure());
        assertThrows(IllegalArgumentException.class, () -> ShutdownReason.signal(0));
    }

    @Test
    void restartPolicyValidatesBackoffParameters() {
        RestartPolicy backoff = RestartPolicy.exponentialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 5);
        assertEquals(RestartPolicy.Kind.EXPONENTIAL_BACKOFF, backoff.kind());
        assertEquals("exponentialBackoff(PT1S, PT30S, 5)", backoff.toString());
        assertEquals(backoff, RestartPolicy.exponentialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 5));
        assertEquals("never", RestartPolicy.never().toString());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> RestartPolicy.exponentialBackoff(Duration.ZERO, Duration.ofSeconds(1), 1));
        assertTrue(zero.getMessage().contains("initialDelay must be positive"), zero.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> RestartPolicy.exponentialBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 1));
        assertThrows(IllegalArgumentException.class,
                () -> RestartPolicy.exponentialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0));
    }

    @Test
    void subsystemDefaultsToNeverRestart() {
        Subsystem subsystem = shutdown -> { };
        assertEquals(RestartPolicy.never(), subsystem.restartPolicy());
    }

    @Test
    void errorCodesAreUniqueAndInTheirCategoryRange() {
        Set<Integer> seen = new HashSet<>();
        for (ErrorCode code : ErrorCode.values()) {
            assertTrue(seen.add(code.number()), "duplicate " + code);
            assertTrue(code.number() >= 1000 && code.number() <= 10999, code.toString());
            String prefix = code.name().split("_")[0].toLowerCase();
            if (code.number() < 3000 || (code.number() >= 4000 && code.number() < 5000)) {
                assertEquals(prefix, code.category(), code.toString());
            }
        }
        assertEquals("runtime", ErrorCode.LOCK_FAILED.category());
        assertEquals("CONFIG_INVALID(1000)", ErrorCode.CONFIG_INVALID.toString());
        assertEquals("[SIGNAL_INVALID(2002)] bad", new DaemonException(ErrorCode.SIGNAL_INVALID, "bad").getMessage());
    }
}
