package io.procdaemon.core.supervisor;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.procdaemon.api.RestartPolicy;

/**
 * How one subsystem is supervised: its code's restart policy, overridden by its service
 * properties, so a component's configuration can change it without a rebuild.
 *
 * <table>
 * <caption>Service properties</caption>
 * <tr><th>property</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@value #POLICY}</td><td>the code's {@code restartPolicy()}</td>
 *     <td>{@code never}, {@code always}, {@code onFailure} or {@code exponentialBackoff}</td></tr>
 * <tr><td>{@value #BACKOFF_INITIAL}</td><td>1000</td><td>first backoff delay, ms</td></tr>
 * <tr><td>{@value #BACKOFF_MAX}</td><td>30000</td><td>backoff delay cap, ms</td></tr>
 * <tr><td>{@value #BACKOFF_ATTEMPTS}</td><td>5</td><td>failed restarts in a row before giving up</td></tr>
 * <tr><td>{@value #BACKOFF_RESET}</td><td>30000</td><td>a run this long resets the attempt count, ms</td></tr>
 * <tr><td>{@value #INTENSITY}</td><td>5</td><td>more restarts than this within the period stop the loop</td></tr>
 * <tr><td>{@value #PERIOD}</td><td>10000</td><td>the intensity's window, ms</td></tr>
 * <tr><td>{@value #ESCALATE}</td><td>false</td><td>reaching the intensity shuts the daemon down (reason error)</td></tr>
 * <tr><td>{@value #HEALTH_INTERVAL}</td><td>the daemon's monitoring.health_check_interval_ms</td><td>health check interval, ms; 0 turns checks off</td></tr>
 * <tr><td>{@value #HEALTH_TIMEOUT}</td><td>1000</td><td>time limit of one check, ms</td></tr>
 * <tr><td>{@value #HEALTH_FAILURES}</td><td>3</td><td>failed checks in a row that count as a failure of the run</td></tr>
 * <tr><td>{@code subsystem.critical}</td><td>true</td><td>the daemon is unhealthy while this subsystem is</td></tr>
 * <tr><td>{@value #THREAD}</td><td>platform</td><td>{@code platform} or {@code virtual} (Java 21+): the
 *     thread each run gets</td></tr>
 * </table>
 * A bad value is reported (property, value, what is valid) and its default used instead; the
 * subsystem still runs. The typed {@link io.procdaemon.api.Supervised} annotation sets the same
 * settings; these properties win over it ({@link SupervisedProperties}).
 *
 * @param policy the policy in force
 * @param limits intensity and backoff reset
 * @param critical whether the daemon's health depends on it
 * @param healthInterval zero when health checks are off
 * @param healthTimeout the limit of one check
 * @param healthFailures failed checks in a row that fail the run
 * @param virtualThread whether runs ask for a virtual thread rather than a platform thread
 */
record SubsystemSettings(RestartPolicy policy, RestartLimits limits, boolean critical, Duration healthInterval,
        Duration healthTimeout, int healthFailures, boolean virtualThread) {

    static final String POLICY = "restart.policy";
    static final String BACKOFF_INITIAL = "restart.backoff.initial.ms";
    static final String BACKOFF_MAX = "restart.backoff.max.ms";
    static final String BACKOFF_ATTEMPTS = "restart.backoff.attempts";
    static final String BACKOFF_RESET = "restart.backoff.reset.ms";
    static final String INTENSITY = "restart.intensity";
    static final String PERIOD = "restart.period.ms";
    static final String ESCALATE = "restart.escalate";
    static final String HEALTH_INTERVAL = "health.interval.ms";
    static final String HEALTH_TIMEOUT = "health.timeout.ms";
    static final String HEALTH_FAILURES = "health.failures";
    static final String CRITICAL = "subsystem.critical";
    static final String THREAD = "subsystem.thread";

    /**
     * @param properties the subsystem's service properties
     * @param codePolicy what its {@code restartPolicy()} returned
     * @param problems receives one message per bad property
     * @return the settings, with defaults in place of bad values
     */
    static SubsystemSettings from(Map<String, ?> properties, RestartPolicy codePolicy, List<String> problems) {
        return from(properties, codePolicy, problems, Duration.ofSeconds(5));
    }

    /**
     * @param defaultHealthInterval the interval when the subsystem sets none: the daemon's
     *        {@code monitoring.health_check_interval_ms} (zero while {@code monitoring.health_checks}
     *        is off)
     */
    static SubsystemSettings from(Map<String, ?> properties, RestartPolicy codePolicy, List<String> problems,
            Duration defaultHealthInterval) {
        Reader in = new Reader(SupervisedProperties.merge(properties, problems), problems);
        RestartPolicy policy = in.policy(codePolicy);
        RestartLimits defaults = RestartLimits.DEFAULTS;
        int intensity = (int) in.number(INTENSITY, defaults.maxRestarts(), 0);
        long period = in.number(PERIOD, defaults.period().toMillis(), 1);
        long reset = in.number(BACKOFF_RESET, defaults.backoffReset().toMillis(), 1);
        RestartLimits limits = new RestartLimits(intensity, Duration.ofMillis(period),
                in.bool(ESCALATE, defaults.escalate()), Duration.ofMillis(reset));
        return new SubsystemSettings(policy, limits, in.bool(CRITICAL, true),
                Duration.ofMillis(in.number(HEALTH_INTERVAL, defaultHealthInterval.toMillis(), 0)),
                Duration.ofMillis(in.number(HEALTH_TIMEOUT, 1000, 1)), (int) in.number(HEALTH_FAILURES, 3, 1),
                in.virtualThread());
    }

    /** Reads typed values out of service properties, collecting problems. */
    private record Reader(Map<String, ?> properties, List<String> problems) {

        RestartPolicy policy(RestartPolicy codePolicy) {
            Object value = properties.get(POLICY);
            boolean backoffKeys = properties.containsKey(BACKOFF_INITIAL) || properties.containsKey(BACKOFF_MAX)
                    || properties.containsKey(BACKOFF_ATTEMPTS);
            if (value == null && !(backoffKeys && codePolicy.kind() == RestartPolicy.Kind.EXPONENTIAL_BACKOFF)) {
                return codePolicy;
            }
            String kind = value == null ? "exponentialBackoff" : value.toString().strip();
            switch (kind.toLowerCase(Locale.ROOT)) {
                case "never":
                    return RestartPolicy.never();
                case "always":
                    return RestartPolicy.always();
                case "onfailure":
                    return RestartPolicy.onFailure();
                case "exponentialbackoff":
                    return backoff(codePolicy);
                default:
                    problems.add(POLICY + "='" + value + "' is not a restart policy; valid: never, always, onFailure,"
                            + " exponentialBackoff; keeping " + codePolicy);
                    return codePolicy;
            }
        }

        private RestartPolicy backoff(RestartPolicy codePolicy) {
            boolean fromCode = codePolicy.kind() == RestartPolicy.Kind.EXPONENTIAL_BACKOFF;
            long initial = number(BACKOFF_INITIAL, fromCode ? codePolicy.initialDelay().toMillis() : 1000, 1);
            long max = number(BACKOFF_MAX, fromCode ? codePolicy.maxDelay().toMillis() : 30000, 1);
            long attempts = number(BACKOFF_ATTEMPTS, fromCode ? codePolicy.maxAttempts() : 5, 1);
            try {
                return RestartPolicy.exponentialBackoff(Duration.ofMillis(initial), Duration.ofMillis(max),
                        (int) Math.min(attempts, Integer.MAX_VALUE));
            } catch (IllegalArgumentException e) {
                problems.add(BACKOFF_MAX + " (" + max + ") must be at least " + BACKOFF_INITIAL + " (" + initial
                        + "); keeping " + codePolicy);
                return codePolicy;
            }
        }

        long number(String key, long defaultValue, long min) {
            Object value = properties.get(key);
            if (value == null) {
                return defaultValue;
            }
            try {
                long number = value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().strip());
                if (number >= min) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // Reported below.
            }
            problems.add(key + "='" + value + "' is not a whole number of at least " + min + "; using " + defaultValue);
            return defaultValue;
        }

        /**
         * Platform threads unless asked: the JVM does not time-slice virtual threads, so a
         * CPU-bound run on one holds its carrier and, one per CPU, starves every other virtual
         * thread. Only a subsystem that blocks (I/O, waiting) should ask for one.
         */
        boolean virtualThread() {
            Object value = properties.get(THREAD);
            if (value == null) {
                return false;
            }
            String text = value.toString().strip().toLowerCase(Locale.ROOT);
            if (text.equals("platform") || text.equals("virtual")) {
                return text.equals("virtual");
            }
            problems.add(THREAD + "='" + value + "' is not a kind of thread; valid: platform, virtual; using platform");
            return false;
        }

        boolean bool(String key, boolean defaultValue) {
            Object value = properties.get(key);
            if (value == null) {
                return defaultValue;
            }
            if (value instanceof Boolean b) {
                return b;
            }
            String text = value.toString().strip().toLowerCase(Locale.ROOT);
            if (text.equals("true") || text.equals("false")) {
                return Boolean.parseBoolean(text);
            }
            problems.add(key + "='" + value + "' is not true or false; using " + defaultValue);
            return defaultValue;
        }
    }
}
