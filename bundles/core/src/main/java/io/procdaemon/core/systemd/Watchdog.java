package io.procdaemon.core.systemd;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * systemd's software watchdog, decided: the service manager asks for {@code WATCHDOG=1} at least
 * every {@code WATCHDOG_USEC} and restarts the service when a ping is late. The daemon pings at
 * half that interval, and only when the supervisor has just answered: a wedged supervisor stops the
 * pings, so systemd restarts a daemon that can no longer supervise, which a timer pinging on its
 * own would hide.
 *
 * <p>Pure: the notifier asks the supervisor and hands the answer to {@link #tick(boolean)}.
 */
final class Watchdog {

    /** What one tick does. */
    enum Action {
        /** send WATCHDOG=1 */
        PING,
        /** send nothing, and say so: the supervisor just stopped answering */
        WITHHOLD_AND_WARN,
        /** send nothing; already said */
        WITHHOLD,
        /** send WATCHDOG=1, and say the supervisor answers again */
        PING_AND_RECOVER
    }

    private final Duration interval;
    private boolean withholding;
    private int withheld;

    private Watchdog(Duration interval) {
        this.interval = interval;
    }

    /**
     * @param environment the process environment
     * @param pid this process's id
     * @return the watchdog systemd asked for: {@code WATCHDOG_USEC} set, positive, and
     *         {@code WATCHDOG_PID} unset or this process; empty otherwise
     * @throws IllegalArgumentException when {@code WATCHDOG_USEC} is not a whole number
     */
    static Optional<Watchdog> fromEnvironment(Map<String, String> environment, long pid) {
        String usec = environment.get("WATCHDOG_USEC");
        if (usec == null || usec.isBlank()) {
            return Optional.empty();
        }
        String owner = environment.get("WATCHDOG_PID");
        if (owner != null && !owner.isBlank() && !owner.strip().equals(Long.toString(pid))) {
            return Optional.empty();
        }
        long micros;
        try {
            micros = Long.parseLong(usec.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("WATCHDOG_USEC='" + usec + "' is not a whole number of microseconds", e);
        }
        return micros <= 0 ? Optional.empty() : Optional.of(new Watchdog(Duration.ofNanos(micros * 500)));
    }

    /** @return how often the supervisor is asked and a ping sent: half of {@code WATCHDOG_USEC} */
    Duration interval() {
        return interval;
    }

    /** @return how long the supervisor may take to answer: half an interval, so a ping is never late */
    Duration answerWithin() {
        return interval.dividedBy(2);
    }

    /**
     * @param supervisorAnswered whether the supervisor answered within {@link #answerWithin()}
     * @return what to do
     */
    Action tick(boolean supervisorAnswered) {
        if (supervisorAnswered) {
            boolean recovered = withholding;
            withholding = false;
            return recovered ? Action.PING_AND_RECOVER : Action.PING;
        }
        boolean first = !withholding;
        withholding = true;
        withheld = first ? 1 : withheld + 1;
        return first ? Action.WITHHOLD_AND_WARN : Action.WITHHOLD;
    }

    /** @return how many pings the last spell without answers withheld */
    int withheld() {
        return withheld;
    }
}
