package io.procdaemon.core.systemd;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.SubsystemState;

/**
 * The {@code STATUS=} line that {@code systemctl status} shows: the phase, then the subsystems by
 * state, running first, e.g. {@code ready: 12 subsystems running, 1 failed}.
 */
final class StatusLine {

    private StatusLine() {
    }

    /**
     * @param phase {@code ready}, {@code reloading}, {@code stopping (reason)}, ...
     * @param subsystems the supervisor's subsystems
     * @return the line's value (no newline: systemd's STATUS is one line)
     */
    static String of(String phase, List<SubsystemInfo> subsystems) {
        if (subsystems.isEmpty()) {
            return phase + ": no subsystems";
        }
        Map<SubsystemState, Integer> byState = new TreeMap<>();
        subsystems.forEach(info -> byState.merge(info.state(), 1, Integer::sum));
        StringBuilder line = new StringBuilder(phase).append(": ");
        int running = byState.getOrDefault(SubsystemState.RUNNING, 0);
        line.append(running).append(running == 1 ? " subsystem running" : " subsystems running");
        byState.forEach((state, count) -> {
            if (state != SubsystemState.RUNNING) {
                line.append(", ").append(count).append(' ').append(state.name().toLowerCase(Locale.ROOT));
            }
        });
        return line.toString().replace('\n', ' ');
    }
}
