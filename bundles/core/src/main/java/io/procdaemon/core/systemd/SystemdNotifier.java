package io.procdaemon.core.systemd;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.procdaemon.api.ShutdownCoordinator;
import io.procdaemon.api.ShutdownHandle;
import io.procdaemon.api.SubsystemListener;
import io.procdaemon.api.Supervisor;
import io.procdaemon.core.health.ReadyMarker;
import io.procdaemon.core.signal.ReloadObserver;
import io.procdaemon.core.supervisor.SupervisorLiveness;

/**
 * Tells systemd (or any manager speaking its notify protocol: podman, s6) what the daemon is
 * doing, when {@code $NOTIFY_SOCKET} is set; without it this component does nothing at all.
 *
 * <ul>
 * <li>{@code READY=1} when the launcher declares the daemon ready (its marker service,
 * {@link ReadyMarker}), the same moment {@code bin/proc-daemon start} returns.</li>
 * <li>{@code RELOADING=1} with {@code MONOTONIC_USEC} when a reload (SIGHUP, {@code daemon:reload})
 * begins, and {@code READY=1} once its subscribers have re-read {@code etc/}.</li>
 * <li>{@code STOPPING=1} when the shutdown ladder starts, before anything stops.</li>
 * <li>{@code STATUS=} with the subsystems by state, on every change (at most one a second).</li>
 * <li>{@code WATCHDOG=1} at half of {@code WATCHDOG_USEC}, each time only after the supervisor's
 * loop has answered (see {@link Watchdog}).</li>
 * </ul>
 *
 * <p>Messages leave in order from one thread of their own ({@code procdaemon-systemd-notify}), never
 * from the supervisor's, signal or shutdown threads.
 */
@Component(service = ReloadObserver.class, immediate = true)
public final class SystemdNotifier implements ReloadObserver {

    private static final System.Logger LOG = System.getLogger("io.procdaemon.systemd");
    /** The command that sends; a framework property may name another (a path, or a test's). */
    static final String COMMAND_PROPERTY = "procdaemon.systemd.notify";
    private static final Duration STATUS_SPACING = Duration.ofSeconds(1);

    private final Supervisor supervisor;
    private final SupervisorLiveness liveness;
    private final boolean active;
    private ScheduledThreadPoolExecutor sender;
    private NotifyChannel channel;
    private BundleContext context;
    private ServiceListener readyListener;
    private ServiceRegistration<SubsystemListener> statusListener;
    private Thread stoppingWaiter;
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicBoolean statusPending = new AtomicBoolean();
    private final AtomicBoolean failed = new AtomicBoolean();
    private volatile long lastStatusNanos = System.nanoTime() - STATUS_SPACING.toNanos();

    /**
     * @param supervisor the subsystems, for STATUS
     * @param liveness whether the supervisor answers, for the watchdog
     * @param coordinator the shutdown, for STOPPING
     * @param context the core bundle's context
     */
    @Activate
    public SystemdNotifier(@Reference Supervisor supervisor, @Reference SupervisorLiveness liveness,
            @Reference ShutdownCoordinator coordinator, BundleContext context) {
        this.supervisor = supervisor;
        this.liveness = liveness;
        Map<String, String> environment = System.getenv();
        String socket = environment.get("NOTIFY_SOCKET");
        active = socket != null && !socket.isBlank();
        if (!active) {
            LOG.log(DEBUG, "NOTIFY_SOCKET not set: no service manager to notify");
            return;
        }
        this.context = context;
        String command = Optional.ofNullable(context.getProperty(COMMAND_PROPERTY)).filter(s -> !s.isBlank())
                .orElse("systemd-notify");
        channel = NotifyChannel.tool(command);
        sender = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "procdaemon-systemd-notify");
            thread.setDaemon(true);
            return thread;
        });
        sender.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        Optional<Watchdog> watchdog = watchdog(environment);
        LOG.log(INFO, () -> "notifying the service manager at NOTIFY_SOCKET=" + socket + " through " + command
                + watchdog.map(w -> "; watchdog ping every " + w.interval().toMillis() + " ms while the supervisor answers")
                        .orElse("; no watchdog (WATCHDOG_USEC not set)"));
        watchdog.ifPresent(w -> sender.scheduleAtFixedRate(() -> tick(w, coordinator), 0, w.interval().toNanos(),
                TimeUnit.NANOSECONDS));
        statusListener = context.registerService(SubsystemListener.class, (subsystem, previous) -> scheduleStatus(), null);
        ShutdownHandle participant = coordinator.register("systemd-notify", null);
        stoppingWaiter = new Thread(() -> announceStopping(participant), "procdaemon-systemd-stopping");
        stoppingWaiter.setDaemon(true);
        stoppingWaiter.start();
        readyListener = ReadyMarker.whenPresent(context, this::announceReady);
    }

    @Deactivate
    void deactivate() {
        if (!active) {
            return;
        }
        if (readyListener != null) {
            context.removeServiceListener(readyListener);
        }
        try {
            statusListener.unregister();
        } catch (IllegalStateException e) {
            // Unregistered with the bundle already.
        }
        stoppingWaiter.interrupt();
        sender.shutdown();
    }

    @Override
    public void reloading() {
        if (active) {
            long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime());
            // MONOTONIC_USEC is CLOCK_MONOTONIC, which HotSpot's nanoTime reads on Linux.
            send(List.of("RELOADING=1", "MONOTONIC_USEC=" + micros, "STATUS=reloading etc/"));
        }
    }

    @Override
    public void reloaded() {
        if (active && ready.get()) {
            send(List.of("READY=1", "STATUS=" + StatusLine.of("ready", supervisor.subsystems())));
        }
    }

    private void announceReady() {
        if (ready.compareAndSet(false, true)) {
            send(List.of("READY=1", "STATUS=" + StatusLine.of("ready", supervisor.subsystems())));
        }
    }

    private void announceStopping(ShutdownHandle participant) {
        try {
            participant.awaitShutdown();
            String reason = participant.reason().map(Object::toString).orElse("requested");
            // Waited for (briefly), so that systemd hears it before the process is gone.
            send(List.of("STOPPING=1", "STATUS=stopping: " + reason)).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(DEBUG, () -> "STOPPING=1 not confirmed: " + e);
        } finally {
            participant.ready();
        }
    }

    private void scheduleStatus() {
        if (!ready.get() || !statusPending.compareAndSet(false, true)) {
            return;
        }
        long wait = lastStatusNanos + STATUS_SPACING.toNanos() - System.nanoTime();
        try {
            sender.schedule(() -> {
                statusPending.set(false);
                lastStatusNanos = System.nanoTime();
                deliver(List.of("STATUS=" + StatusLine.of("ready", supervisor.subsystems())));
            }, Math.max(0, wait), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // Stopping: no more status.
        }
    }

    /** Never throws: an exception would end the periodic ticks for good. */
    private void tick(Watchdog watchdog, ShutdownCoordinator coordinator) {
        try {
            tickOnce(watchdog, coordinator);
        } catch (RuntimeException e) {
            LOG.log(ERROR, "watchdog tick failed; the next one tries again", e);
        }
    }

    private void tickOnce(Watchdog watchdog, ShutdownCoordinator coordinator) {
        if (coordinator.isShutdown()) {
            return; // systemd stops watching once STOPPING=1 is in
        }
        switch (watchdog.tick(liveness.answers(watchdog.answerWithin()))) {
            case PING -> deliver(List.of("WATCHDOG=1"));
            case PING_AND_RECOVER -> {
                LOG.log(WARNING, () -> "the supervisor answers again after " + watchdog.withheld()
                        + " withheld ping(s): watchdog pings resume");
                deliver(List.of("WATCHDOG=1"));
            }
            case WITHHOLD_AND_WARN -> LOG.log(ERROR, () -> "the supervisor did not answer within "
                    + watchdog.answerWithin().toMillis() + " ms: watchdog pings withheld, so that systemd restarts"
                    + " the daemon if it does not recover (WatchdogSec)");
            case WITHHOLD -> { }
        }
    }

    private CompletableFuture<Void> send(List<String> lines) {
        try {
            return CompletableFuture.runAsync(() -> deliver(lines), sender);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** On the sender thread. A failure is logged once (then at DEBUG), naming what to do. */
    private void deliver(List<String> lines) {
        try {
            channel.send(lines);
            LOG.log(DEBUG, () -> "notified " + lines);
        } catch (IOException e) {
            if (failed.compareAndSet(false, true)) {
                LOG.log(ERROR, () -> "cannot notify the service manager (" + String.join(" ", lines) + "): " + e.getMessage());
            } else {
                LOG.log(DEBUG, () -> "cannot notify " + lines + ": " + e.getMessage());
            }
        }
    }

    private static Optional<Watchdog> watchdog(Map<String, String> environment) {
        try {
            return Watchdog.fromEnvironment(environment, ProcessHandle.current().pid());
        } catch (IllegalArgumentException e) {
            LOG.log(ERROR, () -> e.getMessage() + ": no watchdog pings; systemd sets it from the unit's WatchdogSec=");
            return Optional.empty();
        }
    }
}
