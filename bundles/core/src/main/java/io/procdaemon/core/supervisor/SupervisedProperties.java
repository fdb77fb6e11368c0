package io.procdaemon.core.supervisor;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.procdaemon.api.Supervised;

/**
 * Reads the service properties that {@link Supervised} puts on a component ({@code subsystem.restart},
 * {@code subsystem.backoffInitialMs}, ...) as the string properties {@link SubsystemSettings} knows
 * ({@code restart.policy}, {@code restart.backoff.initial.ms}, ...), so the two are one set of
 * settings: where both are present the string property wins (an operator's {@code etc/} file over
 * the code's annotation).
 */
final class SupervisedProperties {

    private static final String PREFIX = Supervised.PREFIX_;
    /** {@code @Supervised}'s element (with the prefix) and the string property it stands for. */
    private static final Map<String, String> NUMBERS = Map.of(
            PREFIX + "backoffInitialMs", SubsystemSettings.BACKOFF_INITIAL,
            PREFIX + "backoffMaxMs", SubsystemSettings.BACKOFF_MAX,
            PREFIX + "backoffAttempts", SubsystemSettings.BACKOFF_ATTEMPTS,
            PREFIX + "healthIntervalMs", SubsystemSettings.HEALTH_INTERVAL,
            PREFIX + "healthTimeoutMs", SubsystemSettings.HEALTH_TIMEOUT,
            PREFIX + "healthFailures", SubsystemSettings.HEALTH_FAILURES);
    static final String RESTART = PREFIX + "restart";
    /** {@code healthIntervalMs}' default: the daemon's monitoring interval, as if the element were absent. */
    private static final long DAEMON_INTERVAL = -1;

    private SupervisedProperties() {
    }

    /**
     * @param properties a subsystem's service properties
     * @param problems receives one message per value of {@code subsystem.restart} that names no policy
     * @return the same properties with {@code @Supervised}'s values under the string properties' keys
     *         wherever those are absent
     */
    static Map<String, Object> merge(Map<String, ?> properties, List<String> problems) {
        Map<String, Object> merged = new HashMap<>(properties);
        NUMBERS.forEach((element, key) -> {
            Object value = properties.get(element);
            if (value != null && !properties.containsKey(key)
                    && !(key.equals(SubsystemSettings.HEALTH_INTERVAL) && isDaemonInterval(value))) {
                merged.put(key, value);
            }
        });
        Object restart = properties.get(RESTART);
        if (restart != null && !properties.containsKey(SubsystemSettings.POLICY)) {
            String policy = policyOf(restart.toString().strip());
            if (policy == null) {
                problems.add(RESTART + "='" + restart + "' is not a restart policy; valid: NEVER, ALWAYS, ON_FAILURE,"
                        + " BACKOFF; keeping the code's");
            } else {
                merged.put(SubsystemSettings.POLICY, policy);
            }
        }
        return merged;
    }

    private static boolean isDaemonInterval(Object value) {
        return value.toString().strip().equals(Long.toString(DAEMON_INTERVAL));
    }

    /** @return the policy's word in {@code restart.policy}, or {@code null} when it names none */
    private static String policyOf(String element) {
        try {
            return switch (Supervised.Restart.valueOf(element.toUpperCase(Locale.ROOT))) {
                case NEVER -> "never";
                case ALWAYS -> "always";
                case ON_FAILURE -> "onFailure";
                case BACKOFF -> "exponentialBackoff";
            };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
