package io.procdaemon.core.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.procdaemon.api.RestartPolicy;

class SubsystemSettingsTest {

    private final List<String> problems = new ArrayList<>();

    @Test
    void withoutPropertiesTheCodesPolicyAndTheDefaultsApply() {
        SubsystemSettings settings = SubsystemSettings.from(Map.of(), RestartPolicy.always(), problems);
        assertEquals(RestartPolicy.always(), settings.policy());
        assertEquals(RestartLimits.DEFAULTS, settings.limits());
        assertTrue(settings.critical());
        assertEquals(Duration.ofSeconds(5), settings.healthInterval());
        assertEquals(Duration.ofSeconds(1), settings.healthTimeout());
        assertEquals(3, settings.healthFailures());
        assertEquals(List.of(), problems);
    }

    @Test
    void propertiesOverrideTheCode() {
        SubsystemSettings settings = SubsystemSettings.from(Map.of(
                "restart.policy", "exponentialBackoff", "restart.backoff.initial.ms", "100",
                "restart.backoff.max.ms", 800L, "restart.backoff.attempts", 4, "restart.intensity", "7",
                "restart.period.ms", "20000", "restart.escalate", "true", "health.interval.ms", 0,
                "subsystem.critical", false), RestartPolicy.never(), problems);
        assertEquals(RestartPolicy.exponentialBackoff(Duration.ofMillis(100), Duration.ofMillis(800), 4), settings.policy());
        assertEquals(new RestartLimits(7, Duration.ofSeconds(20), true, Duration.ofSeconds(30)), settings.limits());
        assertEquals(Duration.ZERO, settings.healthInterval());
        assertFalse(settings.critical());
        assertEquals(List.of(), problems);
    }

    /** What bnd writes for {@code @Supervised(restart = BACKOFF, backoffInitialMs = 200)}: every element, defaults too. */
    private static Map<String, Object> supervised(String restart, long initial) {
        return Map.of("subsystem.name", "", "subsystem.restart", restart, "subsystem.backoffInitialMs", initial,
                "subsystem.backoffMaxMs", 30000L, "subsystem.backoffAttempts", 5, "subsystem.healthIntervalMs", -1L,
                "subsystem.healthTimeoutMs", 1000L, "subsystem.healthFailures", 3, "subsystem.critical", true);
    }

    @Test
    void theSupervisedAnnotationsPropertiesSetThePolicyAndKeepTheDaemonsHealthInterval() {
        SubsystemSettings settings = SubsystemSettings.from(supervised("BACKOFF", 200), RestartPolicy.never(), problems);
        assertEquals(RestartPolicy.exponentialBackoff(Duration.ofMillis(200), Duration.ofSeconds(30), 5), settings.policy());
        assertEquals(Duration.ofSeconds(5), settings.healthInterval(), "-1: the daemon's interval");
        assertEquals(RestartPolicy.onFailure(),
                SubsystemSettings.from(supervised("ON_FAILURE", 1000), RestartPolicy.never(), problems).policy());
        assertEquals(List.of(), problems);
    }

    @Test
    void stringPropertiesWinOverTheSupervisedAnnotation() {
        Map<String, Object> properties = new java.util.HashMap<>(supervised("BACKOFF", 200));
        properties.put("restart.backoff.initial.ms", "50");
        properties.put("subsystem.healthIntervalMs", 2000L);
        properties.put("health.interval.ms", "0");
        SubsystemSettings settings = SubsystemSettings.from(properties, RestartPolicy.never(), problems);
        assertEquals(RestartPolicy.exponentialBackoff(Duration.ofMillis(50), Duration.ofSeconds(30), 5), settings.policy());
        assertEquals(Duration.ZERO, settings.healthInterval());
        properties.put("restart.policy", "always");
        assertEquals(RestartPolicy.always(), SubsystemSettings.from(properties, RestartPolicy.never(), problems).policy());
        assertEquals(List.of(), problems);
    }

    @Test
    void aRestartThatNamesNoPolicyIsNamedWithTheValidOnes() {
        SubsystemSettings settings = SubsystemSettings.from(supervised("sometimes", 200), RestartPolicy.always(), problems);
        assertEquals(RestartPolicy.always(), settings.policy());
        assertEquals(List.of("subsystem.restart='sometimes' is not a restart policy; valid: NEVER, ALWAYS, ON_FAILURE,"
                + " BACKOFF; keeping the code's"), problems);
    }

    @Test
    void policyNamesAreCaseInsensitive() {
        assertEquals(RestartPolicy.onFailure(),
                SubsystemSettings.from(Map.of("restart.policy", "ONFAILURE"), RestartPolicy.never(), problems).policy());
    }

    @Test
    void backoffPropertiesAdjustTheCodesBackoff() {
        RestartPolicy code = RestartPolicy.exponentialBackoff(Duration.ofMillis(200), Duration.ofSeconds(2), 5);
        SubsystemSettings settings = SubsystemSettings.from(Map.of("restart.backoff.attempts", "9"), code, problems);
        assertEquals(RestartPolicy.exponentialBackoff(Duration.ofMillis(200), Duration.ofSeconds(2), 9), settings.policy());
    }

    @Test
    void badValuesAreNamedWithWhatIsValidAndDefaultsKept() {
        SubsystemSettings settings = SubsystemSettings.from(Map.of("restart.policy", "sometimes",
                "restart.intensity", "-1", "restart.escalate", "yes", "health.failures", "x"), RestartPolicy.always(), problems);
        assertEquals(RestartPolicy.always(), settings.policy());
        assertEquals(5, settings.limits().maxRestarts());
        assertFalse(settings.limits().escalate());
        assertEquals(3, settings.healthFailures());
        assertTrue(problems.contains("restart.policy='sometimes' is not a restart policy; valid: never, always, onFailure,"
                + " exponentialBackoff; keeping always"), problems.toString());
        assertTrue(problems.contains("restart.intensity='-1' is not a whole number of at least 0; using 5"), problems.toString());
        assertTrue(problems.contains("restart.escalate='yes' is not true or false; using false"), problems.toString());
        assertTrue(problems.contains("health.failures='x' is not a whole number of at least 1; using 3"), problems.toString());
    }

    @Test
    void aBackoffWhoseCapIsBelowItsStartIsRefused() {
        SubsystemSettings settings = SubsystemSettings.from(Map.of("restart.policy", "exponentialBackoff",
                "restart.backoff.initial.ms", 500, "restart.backoff.max.ms", 100), RestartPolicy.onFailure(), problems);
        assertEquals(RestartPolicy.onFailure(), settings.policy());
        assertEquals(List.of("restart.backoff.max.ms (100) must be at least restart.backoff.initial.ms (500); keeping onFailure"),
                problems);
    }
}
