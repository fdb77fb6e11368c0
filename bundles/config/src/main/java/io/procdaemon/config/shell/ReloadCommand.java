package io.procdaemon.config.shell;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.procdaemon.api.SignalService;
import io.procdaemon.config.install.FileVerdicts;
import io.procdaemon.config.toml.ConfigProblem;

/**
 * {@code daemon:reload}: re-reads {@code etc/} by raising SIGHUP, so that a reload asked for in
 * the shell is the very one a signal makes (systemd is told of it alike), then waits for it and
 * says what it applied and what it refused. A refused file fails the command (the client exits 1):
 * a script that reloads learns that its edit did not take.
 */
@Component(service = ReloadCommand.class, property = {"osgi.command.scope=daemon", "osgi.command.function=reload"})
public final class ReloadCommand {

    /** How long the reload may take: it re-reads a handful of small files, so this is only a bound. */
    static final Duration BOUND = Duration.ofSeconds(60);

    private final SignalService signals;
    private final FileVerdicts verdicts;

    @Activate
    public ReloadCommand(@Reference SignalService signals, @Reference FileVerdicts verdicts) {
        this.signals = signals;
        this.verdicts = verdicts;
    }

    @Descriptor("re-read etc/ now, as SIGHUP does, and say what was applied and what refused; fails when a file was refused")
    public String reload() throws InterruptedException {
        long begun = verdicts.reloadsBegun();
        signals.raise("HUP");
        FileVerdicts.Reload reload = verdicts.awaitReload(begun, BOUND).orElseThrow(() -> new IllegalStateException(
                "etc/ was not re-read within " + BOUND.toSeconds() + " s of SIGHUP; the log says what the reload is doing"));
        String report = report(reload);
        if (!reload.refused().isEmpty()) {
            throw new IllegalStateException(report);
        }
        return report;
    }

    /** @return the reload as the operator reads it: a count, then one line per file that did not stay as it was */
    static String report(FileVerdicts.Reload reload) {
        int files = reload.applied().size() + reload.unchanged().size() + reload.held().size() + reload.refused().size();
        StringBuilder text = new StringBuilder("etc/ re-read: " + files + " file" + (files == 1 ? "" : "s") + ", "
                + reload.applied().size() + " applied, " + reload.unchanged().size() + " unchanged, "
                + reload.refused().size() + " refused" + (reload.held().isEmpty() ? "" : ", " + reload.held().size() + " held"));
        reload.applied().forEach(file -> text.append("\napplied    ").append(file));
        reload.held().forEach(file -> text.append("\nheld       ").append(file)
                .append(" (empty: applied if it stays empty a moment; its configuration stays as it was until then)"));
        for (Map.Entry<String, List<ConfigProblem>> refused : reload.refused().entrySet()) {
            text.append("\nrefused    ").append(refused.getKey()).append(" (its last good configuration is kept):");
            refused.getValue().forEach(problem -> text.append("\n  ").append(problem));
        }
        return text.toString();
    }
}
