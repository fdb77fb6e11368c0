package io.procdaemon.core.signal;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.procdaemon.api.DaemonException;
import io.procdaemon.api.ErrorCode;
import io.procdaemon.api.ShutdownCoordinator;
import io.procdaemon.api.ShutdownReason;
import io.procdaemon.api.SignalListener;
import io.procdaemon.api.SignalService;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The {@link SignalService} on the JVM's {@code sun.misc.Signal}, the only portable way for Java
 * code to handle Unix signals (Felix exports {@code sun.misc} from the system bundle).
 *
 * <p>At activation it installs handlers for TERM, INT and HUP; other signals are installed on
 * first subscription. Handlers run on the JVM's signal thread and do nothing there but hand the
 * signal to one dispatch thread ({@code procdaemon-signals}), so listeners never block signal
 * delivery. At deactivation the previous handlers are put back.
 *
 * <p>The hand-over with the launcher: under {@code bin/proc-daemon} the previous handlers are the
 * launcher's ({@code io.procdaemon.runtime.LauncherSignals}), installed before the framework
 * existed. Each {@link Signal#handle} replaces one handler atomically, so a signal is always
 * handled by one or the other, never by the JVM's default (which exits with 128 + n): the
 * launcher's before activation (a signal during boot) and again after deactivation (a signal late
 * in a stop, when this service is gone).
 */
@Component(service = SignalService.class, immediate = true)
public final class JvmSignalService implements SignalService {

    private static final System.Logger LOG = System.getLogger("io.procdaemon.signal");
    private static final List<String> INSTALLED_AT_START = List.of("TERM", "INT", "HUP");
    /** Framework property set by {@code bin/proc-daemon console}. */
    static final String CONSOLE_PROPERTY = "procdaemon.console";

    private final ShutdownCoordinator coordinator;
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "procdaemon-signals");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, SignalHandler> previousHandlers = new ConcurrentHashMap<>();
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final Map<String, List<SignalListener>> listeners = new ConcurrentHashMap<>();
    private final List<ReloadObserver> reloadObservers = new CopyOnWriteArrayList<>();

    /**
     * @param coordinator receives TERM and INT as shutdown requests
     * @param context tells whether the daemon runs with the console ({@value #CONSOLE_PROPERTY})
     */
    @Activate
    public JvmSignalService(@Reference ShutdownCoordinator coordinator, BundleContext context) {
        this.coordinator = coordinator;
        boolean console = Boolean.parseBoolean(context.getProperty(CONSOLE_PROPERTY));
        for (String name : INSTALLED_AT_START) {
            if (console && name.equals("INT")) {
                // Ctrl-C on the console's terminal interrupts the running command (JLine handles
                // INT); it must not stop the daemon. TERM still does, and so does leaving the console.
                LOG.log(INFO, "SIGINT is left to the console: Ctrl-C interrupts the running command; exit or Ctrl-D stops the daemon");
                continue;
            }
            try {
                install(name);
            } catch (DaemonException e) {
                LOG.log(ERROR, e.getMessage());
            }
        }
    }

    @Deactivate
    void deactivate() {
        previousHandlers.forEach((name, previous) -> {
            Signal.handle(new Signal(name), previous);
            LOG.log(DEBUG, "SIG{0} handed back to {1}", name, previous);
        });
        previousHandlers.clear();
        dispatcher.shutdownNow();
    }

    @Override
    public Subscription subscribe(String signal, SignalListener listener) {
        String name = normalize(signal);
        install(name);
        List<SignalListener> list = listeners.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>());
        list.add(listener);
        return () -> list.remove(listener);
    }

    @Override
    public void raise(String signal) {
        String name = normalize(signal);
        LOG.log(INFO, "SIG{0} raised from within the daemon", name);
        dispatch(name, new Signal(name).getNumber());
    }

    @Override
    public Set<String> handled() {
        return Set.copyOf(previousHandlers.keySet());
    }

    @Override
    public Map<String, String> refused() {
        return new TreeMap<>(refused);
    }

    private void install(String name) {
        if (previousHandlers.containsKey(name)) {
            return;
        }
        Signal signal = new Signal(name);
        try {
            SignalHandler previous = Signal.handle(signal, received -> dispatch(received.getName(), received.getNumber()));
            if (previous == SignalHandler.SIG_IGN && ignoredAtStart(name)) {
                // The JVM leaves a signal that was ignored when it started (nohup, a background job
                // of a shell) ignored, and says so only through this return value.
                Signal.handle(signal, SignalHandler.SIG_IGN);
                refused.put(name, "ignored by this process since it started");
                throw new DaemonException(ErrorCode.SIGNAL_REGISTER_FAILED, "SIG" + name
                        + " is ignored by this process since it started (nohup, or a shell's background job),"
                        + " so the JVM will not deliver it; run the daemon without nohup (bin/proc-daemon start detaches it"
                        + " with every signal at its default)");
            }
            previousHandlers.putIfAbsent(name, previous);
            LOG.log(DEBUG, "SIG{0} taken over from {1}", name, previous);
        } catch (IllegalArgumentException e) {
            // The JVM reserves some signals (QUIT for thread dumps, USR2 on Linux, all of them under -Xrs).
            refused.put(name, String.valueOf(e.getMessage()));
            throw new DaemonException(ErrorCode.SIGNAL_REGISTER_FAILED, "the JVM refuses to handle SIG" + name
                    + ": " + e.getMessage() + "; signals handled: " + String.join(", ", handled()), e);
        }
    }

    private void dispatch(String name, int number) {
        try {
            dispatcher.execute(() -> deliver(name, number));
        } catch (RuntimeException e) {
            // Deactivating: the dispatcher is gone, and so is anyone to tell.
            LOG.log(WARNING, "SIG{0} received while the signal service was stopping; ignored", name);
        }
    }

    private void deliver(String name, int number) {
        boolean reload = name.equals("HUP");
        switch (name) {
            case "TERM", "INT" -> onStopSignal(name, number);
            case "HUP" -> LOG.log(INFO, "SIGHUP received: {0} reload subscriber(s) notified",
                    listeners.getOrDefault(name, List.of()).size());
            default -> LOG.log(INFO, "SIG{0} received", name);
        }
        if (reload) {
            reloadObservers.forEach(ReloadObserver::reloading);
        }
        for (SignalListener listener : listeners.getOrDefault(name, List.of())) {
            try {
                listener.signalReceived(name, number);
            } catch (RuntimeException e) {
                LOG.log(ERROR, "signal listener " + listener.getClass().getName() + " failed on SIG" + name, e);
            }
        }
        if (reload) {
            reloadObservers.forEach(ReloadObserver::reloaded);
        }
    }

    @Reference(service = ReloadObserver.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addReloadObserver(ReloadObserver observer) {
        reloadObservers.add(observer);
    }

    void removeReloadObserver(ReloadObserver observer) {
        reloadObservers.remove(observer);
    }

    private void onStopSignal(String name, int number) {
        if (coordinator.initiate(ShutdownReason.signal(number))) {
            LOG.log(INFO, "SIG{0} received: graceful shutdown initiated", name);
        } else if (coordinator.force()) {
            LOG.log(WARNING, "SIG{0} received again during shutdown: skipping to force", name);
        } else {
            LOG.log(WARNING, "SIG{0} received during shutdown: already forcing", name);
        }
    }

    /** HotSpot refuses to handle TERM, INT and HUP when they were ignored at JVM start. */
    private static boolean ignoredAtStart(String name) {
        return INSTALLED_AT_START.contains(name);
    }

    static String normalize(String signal) {
        if (signal == null || signal.isBlank()) {
            throw new DaemonException(ErrorCode.SIGNAL_INVALID, "no signal name given; use a name such as HUP or USR1");
        }
        String name = signal.trim().toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        try {
            new Signal(name);
        } catch (IllegalArgumentException e) {
            throw new DaemonException(ErrorCode.SIGNAL_INVALID,
                    "unknown signal '" + signal + "'; use a name such as HUP, USR1 or TERM", e);
        }
        return name;
    }
}
