package io.procdaemon.runtime;

import static java.lang.System.Logger.Level.INFO;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.procdaemon.runtime.logging.DaemonLogHandler;
import io.procdaemon.runtime.logging.StandardStreams;

/**
 * The daemon's entry point: {@code bin/proc-daemon run} ends here (the script handles start, stop
 * and status itself). It takes the instance lock, boots the framework, reports readiness, and
 * exits with the code the shutdown decided (see {@link ExitCode}).
 *
 * <p>Readiness is announced twice: a log line, and the file {@code data/daemon.ready} holding the
 * PID, which {@code bin/proc-daemon start} waits for; then to the bundles (the marker service the
 * core's systemd notifier and health probes wait for). Ready means the core services are up and
 * the bundles {@code deploy/} held at boot are started or reported failing.
 *
 * <p>Before anything else, {@code main} registers the {@link ExitWatch} shutdown hook and installs
 * the launcher's signal handlers ({@link LauncherSignals}): from its first instant TERM and INT mean
 * a graceful stop (during boot: the boot is abandoned, exit code 0) and HUP never ends the process.
 * The exit code it logs last ({@code proc-daemon stopped; exit code N}) is the code it exits with.
 */
public final class Main {

    static final String READY_FILE = "daemon.ready";
    /** Epoch milliseconds at which bin/proc-daemon launched the JVM, to report the time to ready. */
    static final String LAUNCHED_PROPERTY = "proc-daemon.launched.ms";

    private static final System.Logger LOG = System.getLogger("io.procdaemon.launcher");

    private Main() {
    }

    /** Framework property telling the bundles that the console owns the terminal (and Ctrl-C). */
    static final String CONSOLE_PROPERTY = "procdaemon.console";

    /**
     * @param args nothing or {@code run}; or {@code console}: run with Gogo's shell on this terminal
     */
    public static void main(String[] args) {
        // First, before any class of the daemon loads: from here on no signal has the JVM's default
        // effect (exit 128 + n with nothing logged), and every exit is reported.
        ExitWatch.install();
        LauncherSignals signals = LauncherSignals.install();
        // etc/logging.properties is read by now (ExitWatch logs): nobody resets it from here on.
        DaemonLogManager.sealIfInstalled();
        // What bundles print goes into the log too; under console the terminal is the shell's.
        if (DaemonLogHandler.installed().isPresent() && !List.of(args).contains("console")) {
            StandardStreams.intoTheLog();
        }
        int code = run(List.of(args), signals);
        ExitWatch.announce(code);
        System.exit(code);
    }

    static int run(List<String> args, LauncherSignals signals) {
        boolean console = args.equals(List.of("console"));
        if (!(args.isEmpty() || args.equals(List.of("run")) || console)) {
            System.err.println("proc-daemon: unexpected arguments " + args + "; usage: io.procdaemon.runtime.Main [run|console]");
            return ExitCode.USAGE.code();
        }
        try {
            DaemonHome home = DaemonHome.fromSystemProperty();
            try (InstanceLock lock = InstanceLock.acquire(home)) {
                return runLocked(home, lock, console, signals);
            }
        } catch (LaunchException e) {
            System.err.println("proc-daemon: " + e.getMessage());
            return e.exitCode().code();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.FAILURE.code();
        }
    }

    private static int runLocked(DaemonHome home, InstanceLock lock, boolean console, LauncherSignals signals)
            throws LaunchException, InterruptedException {
        Path readyFile = home.data().resolve(READY_FILE);
        deleteQuietly(readyFile);
        Map<String, String> properties = new java.util.HashMap<>(FrameworkProperties.load(home));
        if (console) {
            properties.put(CONSOLE_PROPERTY, "true");
        }
        long readyTimeout = FrameworkProperties.readyTimeoutMillis(properties);
        long deployTimeout = FrameworkProperties.readyDeployTimeoutMillis(properties);
        FrameworkBoot boot = new FrameworkBoot(home, properties,
                console ? StartupBundles.readWithConsole(home) : StartupBundles.read(home));
        // Runs on System.exit too; everything in it is idempotent and quick. It stops the framework
        // only when the JVM is ending without it (a signal before the core bundle handles them).
        Thread cleanup = new Thread(() -> {
            boot.stopIfRunning(2000);
            deleteQuietly(readyFile);
            lock.close();
        }, "procdaemon-exit-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        signals.attach(boot);
        if (signals.stopRequested()) {
            LOG.log(INFO, () -> "proc-daemon stopped during boot, before the framework was started; exit code " + ExitCode.OK.code());
            return ExitCode.OK.code();
        }
        String deployed;
        try {
            boot.start();
            boot.awaitReady(readyTimeout);
            // Ready means that what deploy/ held at boot has run (or is reported failing), too.
            deployed = boot.exitRequested() ? null : boot.awaitDeployed(deployTimeout);
        } catch (LaunchException e) {
            boot.stopIfRunning(5000);
            throw e;
        }
        if (boot.exitRequested()) {
            // A bundle refused the boot (an invalid etc/daemon.toml), or a stop signal came during
            // it: never announce readiness.
            int code = boot.awaitStop();
            LOG.log(INFO, () -> "proc-daemon stopped during boot, before it was ready; exit code " + code);
            return code;
        }
        try {
            InstanceLock.writeAtomically(readyFile, lock.pid() + "\n");
        } catch (IOException e) {
            throw new LaunchException(ExitCode.FAILURE, "cannot write " + readyFile + ": " + e.getMessage(), e);
        }
        long readyMillis = sinceLaunch();
        int active = boot.activeBundles();
        if (deployed != null) {
            LOG.log(INFO, deployed);
        }
        LOG.log(INFO, () -> "proc-daemon ready in " + readyMillis + " ms: " + active + " bundles active (pid " + lock.pid()
                + ", home " + home.root() + ", java " + Runtime.version() + ")");
        signals.ready();
        // The core hands the log its configuration at level 20; if none came, the defaults apply now.
        DaemonLogHandler.installed().ifPresent(DaemonLogHandler::configureDefaultsIfUnset);
        boot.announceReady(readyMillis);
        boot.finishStartLevels();
        int code = boot.awaitStop();
        deleteQuietly(readyFile);
        LOG.log(INFO, () -> "proc-daemon stopped; exit code " + code);
        return code;
    }

    /**
     * @return milliseconds since bin/proc-daemon launched the JVM ({@value #LAUNCHED_PROPERTY}), or
     *         since the JVM started when it was launched otherwise
     */
    static long sinceLaunch() {
        long launched;
        try {
            launched = Long.parseLong(System.getProperty(LAUNCHED_PROPERTY, ""));
        } catch (NumberFormatException e) {
            launched = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli)
                    .orElse(System.currentTimeMillis());
        }
        return System.currentTimeMillis() - launched;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Left behind; start deletes it before the next readiness.
        }
    }
}
