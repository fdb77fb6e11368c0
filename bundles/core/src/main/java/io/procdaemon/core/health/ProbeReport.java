package io.procdaemon.core.health;

import java.util.List;
import java.util.Locale;

import io.procdaemon.api.Health;
import io.procdaemon.api.SubsystemInfo;

/**
 * One probe's answer, for machines (an HTTP status and a JSON body) and for people (a line).
 *
 * <p>The three probes, as Kubernetes names them:
 * <ul>
 * <li>{@link Probe#LIVE}: the supervisor's loop answers. A daemon that is not live is wedged, and
 * restarting it is the cure.</li>
 * <li>{@link Probe#READY}: started, not shutting down, and the daemon healthy (every critical
 * subsystem RUNNING with its last health check passed: {@code Supervisor.health()}). Traffic goes
 * only to a ready daemon; a subsystem's failure takes it out of rotation, not out of the cluster.</li>
 * <li>{@link Probe#STARTED}: the boot has finished: the moment {@code bin/proc-daemon start}
 * returns and systemd hears {@code READY=1}.</li>
 * </ul>
 *
 * @param probe which probe
 * @param up its verdict
 * @param reason why, in a few words ({@code ready}, {@code shutting down: ...}, a subsystem's state)
 * @param subsystems every subsystem, for the body; read just after the verdict, so a subsystem that
 *        changed state in between shows its newer state there
 */
record ProbeReport(Probe probe, boolean up, String reason, List<SubsystemInfo> subsystems) {

    /** The probes. */
    enum Probe {
        /** the supervisor answers */
        LIVE,
        /** started, not shutting down, healthy */
        READY,
        /** the boot has finished */
        STARTED;

        /** @return the path it is served at, e.g. {@code /health/ready} */
        String path() {
            return "/health/" + name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Decides the probes, from facts gathered by the caller.
     *
     * @param answers whether the supervisor's loop just answered
     * @param started whether the boot has finished
     * @param shuttingDown the shutdown's phase when one has begun, else {@code null}
     * @param health the supervisor's health
     */
    static ProbeReport of(Probe probe, boolean answers, boolean started, String shuttingDown, Health health,
            List<SubsystemInfo> subsystems) {
        return switch (probe) {
            case LIVE -> new ProbeReport(probe, answers,
                    answers ? "the supervisor answers" : "the supervisor does not answer", subsystems);
            case STARTED -> new ProbeReport(probe, started, started ? "started" : "starting", subsystems);
            case READY -> {
                if (!started) {
                    yield new ProbeReport(probe, false, "starting", subsystems);
                }
                if (shuttingDown != null) {
                    yield new ProbeReport(probe, false, "shutting down: " + shuttingDown, subsystems);
                }
                yield new ProbeReport(probe, health.isHealthy(), health.isHealthy() ? "ready" : health.detail(),
                        subsystems);
            }
        };
    }

    /** @return 200 when up, 503 when not (what load balancers and the kubelet read) */
    int httpStatus() {
        return up ? 200 : 503;
    }

    /** @return {@code {"probe":"ready","status":"UP","reason":"ready","subsystems":[...]}} */
    String json() {
        StringBuilder json = new StringBuilder("{\"probe\":\"").append(probe.name().toLowerCase(Locale.ROOT))
                .append("\",\"status\":\"").append(up ? "UP" : "DOWN").append("\",\"reason\":");
        quote(json, reason).append(",\"subsystems\":[");
        for (int i = 0; i < subsystems.size(); i++) {
            SubsystemInfo info = subsystems.get(i);
            json.append(i == 0 ? "" : ",").append("{\"name\":");
            quote(json, info.name()).append(",\"state\":\"").append(info.state()).append("\",\"healthy\":")
                    .append(info.health().isHealthy());
            if (!info.health().isHealthy()) {
                quote(json.append(",\"detail\":"), info.health().detail());
            }
            json.append(",\"restarts\":").append(info.restartCount()).append('}');
        }
        return json.append("]}\n").toString();
    }

    /** @return {@code ready: ready (3 subsystems)} or {@code ready: DOWN, flaky is FAILED (3 subsystems)} */
    String line() {
        return probe.name().toLowerCase(Locale.ROOT) + ": " + (up ? "UP" : "DOWN") + ", " + reason + " ("
                + subsystems.size() + (subsystems.size() == 1 ? " subsystem)" : " subsystems)");
    }

    /** JSON string escaping (RFC 8259): quotes, backslashes and control characters. */
    private static StringBuilder quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
