package io.procdaemon.shell.server;

import static java.lang.System.Logger.Level.WARNING;

import java.util.function.Function;

/**
 * The attached shell's limits, read once from framework properties ({@code etc/config.properties})
 * when the shell starts; a change takes effect when the daemon (or the shell bundle) restarts.
 *
 * <p>A value that is not a whole number in range is logged, naming the property, the value and
 * what is valid, and the default is used: a typo must not leave the operator without a shell.
 *
 * @param maxSessions how many connections may be open at once, {@value #MAX_SESSIONS_DEFAULT} by default
 * @param idleMillis how long a session may stay without a command before the daemon closes it;
 *        0 never closes one. 30 minutes by default, as Karaf's {@code sshIdleTimeout}
 */
record ShellSettings(int maxSessions, long idleMillis) {

    /** Framework property: the most sessions at once (1 to {@value #MAX_SESSIONS_CEILING}). */
    static final String MAX_SESSIONS_PROPERTY = "procdaemon.shell.max.sessions";
    /** Framework property: idle time before a session is closed, in milliseconds; 0 = never. */
    static final String IDLE_TIMEOUT_PROPERTY = "procdaemon.shell.idle.timeout.ms";
    static final int MAX_SESSIONS_DEFAULT = 16;
    /** Each session is a thread and a Gogo session: a bound keeps a typo from meaning "unbounded". */
    static final int MAX_SESSIONS_CEILING = 1024;
    /**
     * 30 minutes: Apache Karaf's default {@code sshIdleTimeout} (1800000 ms) for its shell. Long
     * enough for an operator reading output between commands, short enough that forgotten or
     * stuck clients give their slots back within a shift.
     */
    static final long IDLE_MILLIS_DEFAULT = 30 * 60 * 1000L;

    private static final System.Logger LOG = System.getLogger("io.procdaemon.shell");

    /** @param property a framework property's value by name ({@code BundleContext::getProperty}) */
    static ShellSettings read(Function<String, String> property) {
        int sessions = (int) number(property, MAX_SESSIONS_PROPERTY, MAX_SESSIONS_DEFAULT, 1, MAX_SESSIONS_CEILING);
        long idle = number(property, IDLE_TIMEOUT_PROPERTY, IDLE_MILLIS_DEFAULT, 0, Long.MAX_VALUE / 2);
        return new ShellSettings(sessions, idle);
    }

    private static long number(Function<String, String> property, String name, long fallback, long min, long max) {
        String text = property.apply(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below, as a value out of range is.
        }
        LOG.log(WARNING, () -> "attached shell: " + name + " = '" + text.strip() + "' in etc/config.properties is not a whole number from "
                + min + " to " + max + "; using " + fallback);
        return fallback;
    }

    /** @return the idle timeout as an operator reads it: "30 min", "5 s", "750 ms" */
    String idle() {
        return duration(idleMillis);
    }

    /** The refusal's second half: when a slot frees up on its own, and the setting that decides it. */
    String idleRule() {
        return idleMillis == 0 ? "idle sessions are never closed (" + IDLE_TIMEOUT_PROPERTY + " = 0)"
                : "idle sessions are closed after " + idle() + " (" + IDLE_TIMEOUT_PROPERTY + ")";
    }

    static String duration(long millis) {
        if (millis % 60_000 == 0) {
            return millis / 60_000 + " min";
        }
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
