package io.procdaemon.shell.commands;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.procdaemon.api.Health;
import io.procdaemon.api.ShutdownCoordinator;
import io.procdaemon.api.ShutdownProgress;
import io.procdaemon.api.ShutdownReason;
import io.procdaemon.api.ShutdownTimeouts;
import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.Supervisor;

/**
 * {@code daemon:status} and {@code daemon:shutdown}: the daemon as a whole. The daemon's name comes
 * from {@code name} in {@code etc/daemon.toml}; the files of {@code etc/} refused from the
 * configuration bundle, through a service of a JDK type it marks {@code io.procdaemon.config.refused}
 * ({@code daemon:reload} is that bundle's too: it knows what a reload did).
 */
@Component(service = DaemonCommands.class, configurationPid = "io.procdaemon.daemon",
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {"osgi.command.scope=daemon",
                "osgi.command.function=status", "osgi.command.function=shutdown"})
public final class DaemonCommands {

    private final Supervisor supervisor;
    private final ShutdownCoordinator coordinator;
    private final Supplier<List<String>> refusedFiles;
    private volatile String name;

    /** @param refusedFiles the files of etc/ refused; absent without the configuration bundle */
    @Activate
    public DaemonCommands(@Reference Supervisor supervisor, @Reference ShutdownCoordinator coordinator,
            @Reference(target = "(io.procdaemon.config.refused=true)", cardinality = ReferenceCardinality.OPTIONAL,
                    policyOption = ReferencePolicyOption.GREEDY) Supplier<List<String>> refusedFiles,
            Map<String, Object> configuration) {
        this.supervisor = supervisor;
        this.coordinator = coordinator;
        this.refusedFiles = refusedFiles;
        modified(configuration);
    }

    @Modified
    void modified(Map<String, Object> configuration) {
        Object configured = configuration.get("name");
        // Every key comes with the configuration, its default filled in (the schema's, in the
        // configuration bundle); no configuration at all is said as such, not hidden by a default.
        name = configured == null ? "(no io.procdaemon.daemon configuration)" : configured.toString();
    }

    @Descriptor("the daemon: name, pid, uptime, state, configured shutdown timeouts, subsystems by state, health, refused files of etc/")
    public String status() {
        Instant started = ProcessHandle.current().info().startInstant().orElse(null);
        ShutdownProgress progress = coordinator.progress();
        ShutdownTimeouts timeouts = coordinator.timeouts();
        Map<String, Integer> byState = new TreeMap<>();
        for (SubsystemInfo info : supervisor.subsystems()) {
            byState.merge(info.state().name(), 1, Integer::sum);
        }
        Health health = supervisor.health();
        StringBuilder out = new StringBuilder();
        line(out, "name", name);
        line(out, "pid", ProcessHandle.current().pid());
        line(out, "uptime", started == null ? "unknown" : Text.duration(Duration.between(started, Instant.now())));
        line(out, "state", coordinator.isShutdown() ? "shutting down: " + progress.phase() + " ("
                + progress.reason().map(Object::toString).orElse("?") + ", " + Text.duration(progress.elapsed())
                + " ago, waiting for " + progress.pending() + ")" : "running");
        line(out, "shutdown", "graceful " + timeouts.graceful().toMillis() + " ms, force " + timeouts.force().toMillis()
                + " ms, kill " + timeouts.kill().toMillis() + " ms");
        line(out, "subsystems", byState.isEmpty() ? "none" : byState.values().stream().mapToInt(Integer::intValue).sum()
                + ": " + byState.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                        .collect(java.util.stream.Collectors.joining(", ")));
        line(out, "health", health.isHealthy() ? "healthy" : "unhealthy: " + health.detail());
        if (refusedFiles != null) {
            List<String> refused = refusedFiles.get();
            line(out, "etc/", refused.isEmpty() ? "every file applied" : "refused: " + String.join(", ", refused)
                    + " (their last good configuration is kept; config:list says why)");
        }
        return out.toString().stripTrailing();
    }

    @Descriptor("shut the daemon down: subsystems stop in reverse dependency order within the graceful -> force -> kill ladder")
    public String shutdown(
            @Descriptor("graceful timeout for this shutdown only (2000, 500ms, 2s, 1m); force and kill keep their distance after it")
            @Parameter(names = {"-t", "--timeout"}, absentValue = "") String timeout) {
        if (coordinator.isShutdown()) {
            return "already shutting down: " + coordinator.progress().phase();
        }
        // One snapshot of the configured timeouts, passed to initiate: the line below reports the
        // timeouts this shutdown has, and -t changes none but this shutdown's (a configuration
        // update at the same moment neither replaces them nor is replaced by them).
        ShutdownTimeouts timeouts = coordinator.timeouts();
        if (!timeout.isEmpty()) {
            Duration graceful = Text.parseDuration("--timeout", timeout);
            Duration shift = graceful.minus(timeouts.graceful());
            timeouts = new ShutdownTimeouts(graceful, timeouts.force().plus(shift), timeouts.kill().plus(shift));
        }
        if (!coordinator.initiate(ShutdownReason.REQUESTED, timeouts)) {
            return "already shutting down: " + coordinator.progress().phase();
        }
        return "shutdown initiated: graceful " + timeouts.graceful().toMillis() + " ms, force "
                + timeouts.force().toMillis() + " ms, kill " + timeouts.kill().toMillis() + " ms";
    }

    private static void line(StringBuilder out, String key, Object value) {
        out.append(String.format(java.util.Locale.ROOT, "%-12s%s%n", key, value));
    }
}
