package io.procdaemon.shell.commands;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.procdaemon.api.DaemonException;
import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.SubsystemState;
import io.procdaemon.api.Supervisor;

/**
 * {@code daemon:list}, {@code daemon:info}, {@code daemon:start}, {@code daemon:stop},
 * {@code daemon:restart} and {@code daemon:events}: the supervised subsystems, seen and steered.
 * Errors are thrown as {@link IllegalArgumentException}s whose message is the line the operator
 * reads ("no subsystem 'htp'; known: http, worker").
 */
@Component(service = SubsystemCommands.class, property = {"osgi.command.scope=daemon",
        "osgi.command.function=list", "osgi.command.function=info", "osgi.command.function=start",
        "osgi.command.function=stop", "osgi.command.function=restart", "osgi.command.function=events"})
public final class SubsystemCommands {

    private final Supervisor supervisor;
    private final EventLog events;

    @Activate
    public SubsystemCommands(@Reference Supervisor supervisor, @Reference EventLog events) {
        this.supervisor = supervisor;
        this.events = events;
    }

    @Descriptor("one row per subsystem: name, state, restarts, uptime, restart policy, last error")
    public String list() {
        List<SubsystemInfo> all = supervisor.subsystems();
        if (all.isEmpty()) {
            return "no subsystems (a subsystem is a DS component providing io.procdaemon.api.Subsystem)";
        }
        Text.Table table = new Text.Table("NAME", "STATE", "RESTARTS", "UPTIME", "POLICY", "LAST ERROR");
        Instant now = Instant.now();
        for (SubsystemInfo info : all) {
            table.row(info.name(), state(info), info.restartCount(), uptime(info, now), info.policy(),
                    info.lastError().map(error -> Text.shorten(error.message(), 60) + " (" + Text.duration(
                            Duration.between(error.at(), now)) + " ago)").orElse("-"));
        }
        return table.toString().stripTrailing();
    }

    @Descriptor("everything about one subsystem: state, times, policy, health, last error with its stack, restart history")
    public String info(@Descriptor("the subsystem's name") String name) {
        SubsystemInfo info = supervisor.subsystem(name).orElseThrow(() -> unknown(name));
        Instant now = Instant.now();
        StringBuilder out = new StringBuilder();
        line(out, "name", info.name());
        line(out, "id", info.id());
        line(out, "state", state(info));
        line(out, "policy", info.policy());
        line(out, "registered", info.registeredAt() + " (" + Text.duration(Duration.between(info.registeredAt(), now)) + " ago)");
        line(out, "started", info.startedAt().map(Instant::toString).orElse("-"));
        line(out, "stopped", info.stoppedAt().map(Instant::toString).orElse("-"));
        line(out, "uptime", uptime(info, now));
        line(out, "restarts", info.restartCount());
        line(out, "health", info.health().isHealthy() ? "healthy" : "unhealthy: " + info.health().detail());
        if (info.lastError().isPresent()) {
            SubsystemInfo.Failure error = info.lastError().get();
            line(out, "last error", error.at() + " " + error.message());
            if (!error.stackTrace().isBlank()) {
                error.stackTrace().lines().forEach(l -> out.append("    ").append(l).append('\n'));
            }
        } else {
            line(out, "last error", "-");
        }
        if (info.restarts().isEmpty()) {
            line(out, "history", "no restarts");
        } else {
            out.append("history (last ").append(SubsystemInfo.HISTORY).append(" restarts):\n");
            for (SubsystemInfo.Restart restart : info.restarts()) {
                out.append("    ").append(restart.at()).append("  ").append(restart.reason())
                        .append(restart.delayMillis() > 0 ? " (after " + restart.delayMillis() + " ms)" : "").append('\n');
            }
        }
        return out.toString().stripTrailing();
    }

    @Descriptor("start a subsystem that was stopped or has failed for good; a running one is left alone")
    public String start(@Descriptor("the subsystem's name") String name) {
        SubsystemInfo before = supervisor.subsystem(name).orElseThrow(() -> unknown(name));
        if (before.state() == SubsystemState.RUNNING || before.state() == SubsystemState.STARTING) {
            return name + " is already " + before.state();
        }
        SubsystemInfo after = call(() -> supervisor.start(name));
        return name + " started: " + state(after);
    }

    @Descriptor("stop a subsystem and keep it stopped (no policy restart) until daemon:start")
    public String stop(@Descriptor("the subsystem's name") String name) {
        SubsystemInfo after = call(() -> supervisor.stop(name));
        return name + " stopped: " + state(after) + (after.state() == SubsystemState.STOPPING
                ? " (it ignored the stop and the interrupt; see daemon:info " + name + ")" : "");
    }

    @Descriptor("stop, then start a subsystem")
    public String restart(@Descriptor("the subsystem's name") String name) {
        SubsystemInfo after = call(() -> supervisor.restart(name));
        return name + " restarted: " + state(after);
    }

    @Descriptor("recent state changes of the subsystems, oldest first")
    public void events(
            @Descriptor("keep printing new state changes until interrupted (Ctrl-C)")
            @Parameter(names = {"-f", "--follow"}, presentValue = "true", absentValue = "false") boolean follow,
            @Descriptor("how many recent changes to show (default 20)")
            @Parameter(names = {"-n", "--lines"}, absentValue = "20") int count) throws InterruptedException {
        if (count < 0) {
            throw new IllegalArgumentException("--lines " + count + ": give 0 or more");
        }
        PrintStream out = System.out;
        BlockingQueue<EventLog.Entry> queue = new LinkedBlockingQueue<>();
        try (AutoCloseable following = follow ? events.follow(queue::offer) : null) {
            List<EventLog.Entry> recent = events.last(count);
            if (recent.isEmpty() && !follow && count > 0) { // -n 0 asked for none, not whether there are any
                out.println("no state changes yet");
            }
            recent.forEach(out::println);
            out.flush();
            while (follow && !out.checkError()) {
                out.println(queue.take());
                out.flush();
            }
        } catch (InterruptedException e) {
            // Ctrl-C, or the client left: following ends here.
        } catch (Exception e) {
            throw new IllegalStateException("daemon:events: " + e.getMessage(), e);
        }
    }

    private static String state(SubsystemInfo info) {
        return info.state() + (info.held() ? " (held by operator)" : "");
    }

    private static String uptime(SubsystemInfo info, Instant now) {
        if (info.state() != SubsystemState.RUNNING || info.startedAt().isEmpty()) {
            return "-";
        }
        return Text.duration(Duration.between(info.startedAt().get(), now));
    }

    private static void line(StringBuilder out, String key, Object value) {
        out.append(String.format(java.util.Locale.ROOT, "%-12s%s%n", key, value));
    }

    private IllegalArgumentException unknown(String name) {
        List<String> known = supervisor.subsystems().stream().map(SubsystemInfo::name).toList();
        return new IllegalArgumentException("no subsystem '" + name + "'; known: "
                + (known.isEmpty() ? "none" : String.join(", ", known)));
    }

    /** Runs a supervisor call, turning its error into the operator's line. */
    private static SubsystemInfo call(java.util.function.Supplier<SubsystemInfo> action) {
        try {
            return action.get();
        } catch (DaemonException e) {
            throw new IllegalArgumentException(e.detail(), e);
        }
    }
}
