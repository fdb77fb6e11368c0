package io.procdaemon.runtime;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.util.List;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The launcher's own handlers for TERM, INT and HUP, installed by {@link Main} before anything
 * else, so that the JVM's default (exit 128 + n, no log, a half-booted framework) never applies
 * once {@code Main} runs.
 *
 * <p>The hand-over to the core bundle's signal service is explicit and has no gap: the service
 * replaces these handlers with one atomic {@link Signal#handle} each, keeps the handler it replaced
 * (this one), and puts it back when it is deactivated. So this class handles a signal only
 * <ul>
 * <li>during the boot, before the core took the signals: TERM and INT abandon the boot and stop
 * gracefully (exit code 0, whatever was started is stopped, the lock released by {@link Main});
 * HUP is logged and ignored, as the configuration is being read for the first time anyway;</li>
 * <li>while the daemon stops, after the core has gone: TERM and INT mean what a second stop signal
 * means during a shutdown, forced, and raise the exit code to {@link ExitCode#FORCED}; HUP is
 * logged and ignored;</li>
 * <li>INT in {@code console} mode, which the core leaves to the console: logged and ignored once
 * the daemon is ready (Ctrl-C interrupts the console's command; {@code exit} stops the daemon).</li>
 * </ul>
 * Every branch logs what it decided, and the exit code it decided is the one {@link Main} exits with.
 *
 * <p>A signal that was ignored when the JVM started (nohup) stays ignored, and a signal the JVM
 * reserves ({@code -Xrs}) is left alone: the core's signal service reports both.
 */
final class LauncherSignals implements SignalHandler {

    private static final System.Logger LOG = System.getLogger("io.procdaemon.launcher");
    private static final List<String> HANDLED = List.of("TERM", "INT", "HUP");

    private volatile FrameworkBoot boot;
    private volatile boolean stopRequested;
    private volatile boolean ready;

    private LauncherSignals() {
    }

    /** Installs the handlers; call it first thing in {@code main}. */
    static LauncherSignals install() {
        LauncherSignals handler = new LauncherSignals();
        for (String name : HANDLED) {
            Signal signal = new Signal(name);
            try {
                if (Signal.handle(signal, handler) == SignalHandler.SIG_IGN) {
                    // HotSpot does not deliver a signal ignored at JVM start: keep it ignored, and
                    // leave the report (with what to do) to the core's signal service.
                    Signal.handle(signal, SignalHandler.SIG_IGN);
                }
            } catch (IllegalArgumentException e) {
                LOG.log(DEBUG, () -> "the JVM reserves SIG" + name + " (" + e.getMessage() + "); the launcher leaves it alone");
            }
        }
        return handler;
    }

    /**
     * Lets signals act on this boot from now on. A stop asked for before (while the lock was taken
     * or the configuration read) is passed on at once.
     */
    void attach(FrameworkBoot framework) {
        boot = framework;
        if (stopRequested) {
            framework.requestExit(ExitCode.OK.code());
        }
    }

    /** @return whether TERM or INT came during the boot */
    boolean stopRequested() {
        return stopRequested;
    }

    /** The daemon is ready: from now on, a signal this class sees is INT left by the core to the console. */
    void ready() {
        ready = true;
    }

    @Override
    public void handle(Signal signal) {
        String name = signal.getName();
        FrameworkBoot framework = boot;
        boolean stopping = framework != null && framework.stopping();
        boolean stop = name.equals("TERM") || name.equals("INT");
        if (stopping) {
            if (stop && framework.raiseExit(ExitCode.FORCED.code())) {
                LOG.log(WARNING, "SIG{0} received again while the daemon stops: forced, exit code {1}", name,
                        ExitCode.FORCED.code());
            } else if (stop) {
                LOG.log(INFO, "SIG{0} received after the daemon had stopped: ignored, the exit code is decided", name);
            } else {
                LOG.log(INFO, "SIG{0} received while the daemon stops: ignored", name);
            }
        } else if (ready) {
            // Only INT under `console` gets here: the core took every other signal.
            LOG.log(INFO, "SIG{0} received: left to the console, ignored (exit or Ctrl-D stops the daemon)", name);
        } else if (stop) {
            // Flag first, then read the boot again (attach() does the opposite): whichever comes
            // second passes the stop on. The boot read above may be stale by now.
            stopRequested = true;
            FrameworkBoot attached = boot;
            if (attached != null) {
                attached.requestExit(ExitCode.OK.code());
            }
            LOG.log(INFO, "SIG{0} received during boot: abandoning the boot; graceful stop, exit code {1}", name,
                    ExitCode.OK.code());
        } else {
            LOG.log(INFO, "SIG{0} received during boot: ignored, the configuration is being read for the first time", name);
        }
    }

    @Override
    public String toString() {
        return "proc-daemon launcher's handler (boot and stop)";
    }
}
