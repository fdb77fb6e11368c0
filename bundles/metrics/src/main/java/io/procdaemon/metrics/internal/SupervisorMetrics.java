package io.procdaemon.metrics.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import io.procdaemon.api.ShutdownPhase;
import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.SubsystemState;
import io.procdaemon.api.Supervisor;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The supervisor's view of every subsystem, read from {@link Supervisor#subsystems()} at each
 * scrape (nothing is sampled or stored between scrapes, so these cost nothing while no one looks):
 * <ul>
 * <li>{@code procdaemon_subsystem_state{subsystem,state}}: 1 for the state it is in, 0 for the
 *     other states (every state is exposed, so a query never meets a missing series);
 * <li>{@code procdaemon_subsystem_restarts_total{subsystem}}: restarts decided by its policy;
 * <li>{@code procdaemon_subsystem_healthy{subsystem}}: its last health check, 1 or 0;
 * <li>{@code procdaemon_subsystem_uptime_seconds{subsystem}}: since its current run started, 0
 *     when not running;
 * <li>{@code procdaemon_subsystem_last_run_seconds{subsystem}}: how long its last finished run
 *     lasted, 0 before one has finished;
 * <li>{@code procdaemon_healthy}: the daemon's health ({@link Supervisor#health()});
 * <li>{@code procdaemon_shutdown_phase{phase}}: 1 for the phase of the shutdown ladder the daemon
 *     is in ({@code RUNNING} until a shutdown begins), 0 for the others. A scrape during a stop sees
 *     {@code GRACEFUL} or {@code FORCING} while the supervisor stops the subsystems, and on until the
 *     framework, stopping, reaches this bundle (level 40: after the bundles of {@code deploy/}).
 * </ul>
 * Failures are counted as they happen instead ({@code procdaemon_subsystem_failures_total}, by
 * {@link MetricsRegistryComponent} as a listener).
 */
final class SupervisorMetrics {

    private SupervisorMetrics() {
    }

    static void register(PrometheusRegistry registry, Supervisor supervisor, Supplier<ShutdownPhase> phase) {
        GaugeWithCallback.builder(MetricsRegistryComponent.PROPERTIES).name("procdaemon_subsystem_state")
                .help("1 for the state the subsystem is in, 0 for the other states").labelNames("subsystem", "state")
                .callback(callback -> {
                    for (SubsystemInfo info : supervisor.subsystems()) {
                        for (SubsystemState state : SubsystemState.values()) {
                            callback.call(info.state() == state ? 1 : 0, info.name(), state.name());
                        }
                    }
                }).register(registry);
        CounterWithCallback.builder(MetricsRegistryComponent.PROPERTIES).name("procdaemon_subsystem_restarts")
                .help("restarts of the subsystem decided by its restart policy").labelNames("subsystem")
                .callback(callback -> {
                    for (SubsystemInfo info : supervisor.subsystems()) {
                        callback.call(info.restartCount(), info.name());
                    }
                }).register(registry);
        GaugeWithCallback.builder(MetricsRegistryComponent.PROPERTIES).name("procdaemon_subsystem_healthy")
                .help("1 if the subsystem's last health check passed, else 0").labelNames("subsystem")
                .callback(callback -> {
                    for (SubsystemInfo info : supervisor.subsystems()) {
                        callback.call(info.health().isHealthy() ? 1 : 0, info.name());
                    }
                }).register(registry);
        GaugeWithCallback.builder(MetricsRegistryComponent.PROPERTIES).name("procdaemon_subsystem_uptime_seconds")
                .help("seconds since the subsystem's current run started; 0 when it is not running")
                .labelNames("subsystem").callback(callback -> {
                    Instant now = Instant.now();
                    for (SubsystemInfo info : supervisor.subsystems()) {
                        double seconds = info.state() == SubsystemState.RUNNING
                                ? info.startedAt().map(at -> Duration.between(at, now).toMillis() / 1000.0).orElse(0.0)
                                : 0.0;
                        callback.call(seconds, info.name());
                    }
                }).register(registry);
        GaugeWithCallback.builder(MetricsRegistryComponent.PROPERTIES).name("procdaemon_subsystem_last_run_seconds")
                .help("seconds the subsystem's last finished run lasted; 0 before one has finished")
                .labelNames("subsystem").callback(callback -> {
                    for (SubsystemInfo info : supervisor.subsystems()) {
                        callback.call(lastRunSeconds(info), info.name());
                    }
                }).register(registry);
        GaugeWithCallback.builder(MetricsRegistryComponent.PROPERTIES).name("procdaemon_shutdown_phase")
                .help("1 for the phase of the shutdown ladder the daemon is in (RUNNING: no shutdown begun), 0 for the others")
                .labelNames("phase").callback(callback -> {
                    ShutdownPhase now = phase.get();
                    for (ShutdownPhase each : ShutdownPhase.values()) {
                        callback.call(each == now ? 1 : 0, each.name());
                    }
                }).register(registry);
        GaugeWithCallback.builder(MetricsRegistryComponent.PROPERTIES).name("procdaemon_healthy")
                .help("1 if every critical subsystem runs and passed its last health check, else 0")
                .callback(callback -> callback.call(supervisor.health().isHealthy() ? 1 : 0)).register(registry);
    }

    /** @return the last run's length: it ended (stoppedAt) after it started (startedAt); else 0 */
    static double lastRunSeconds(SubsystemInfo info) {
        if (info.startedAt().isEmpty() || info.stoppedAt().isEmpty() || info.stoppedAt().get().isBefore(info.startedAt().get())) {
            return 0.0;
        }
        return Duration.between(info.startedAt().get(), info.stoppedAt().get()).toMillis() / 1000.0;
    }
}
