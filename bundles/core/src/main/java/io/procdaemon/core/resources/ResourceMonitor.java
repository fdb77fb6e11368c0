package io.procdaemon.core.resources;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.procdaemon.api.ShutdownCoordinator;
import io.procdaemon.api.ShutdownReason;
import io.procdaemon.api.Supervisor;
import io.procdaemon.core.diagnostics.DumpFiles;
import io.procdaemon.core.diagnostics.HeapDumps;

/**
 * Samples the daemon's own process (RSS, heap after collection, threads, open files, CPU) every
 * {@code monitoring.metrics_interval_ms} while {@code monitoring.track_resources} is on and at
 * least one limit is set, and acts on the limits of {@code [resources]}: a soft limit is logged and
 * posted to EventAdmin ({@value #TOPIC_PREFIX}{@code SOFT_LIMIT}) once per crossing; a hard limit is
 * logged, posted ({@code .../HARD_LIMIT}) and acted on ({@link ResourceSettings.HardAction}). With
 * no limit set nothing is sampled and no thread runs. Settings apply live.
 */
@Component(service = {}, immediate = true, configurationPid = "io.procdaemon.daemon",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class ResourceMonitor {

    /** EventAdmin topic prefix; {@code SOFT_LIMIT}, {@code HARD_LIMIT} or {@code UNDER_LIMIT} follows. */
    public static final String TOPIC_PREFIX = "io/procdaemon/resource/";

    private static final System.Logger LOG = System.getLogger("io.procdaemon.resources");

    private final ShutdownCoordinator coordinator;
    private final Supervisor supervisor;
    private final DumpFiles dumps;
    /** Created with the first limit: it loads the platform's management beans, which a boot without limits need not pay for. */
    private ProcessSampler sampler;
    private final LimitWatch watch = new LimitWatch();
    private volatile EventAdmin eventAdmin;
    private ResourceSettings settings;
    private ScheduledExecutorService sampling;
    private ScheduledFuture<?> task;

    @Activate
    public ResourceMonitor(@Reference ShutdownCoordinator coordinator, @Reference Supervisor supervisor,
            BundleContext context, Map<String, Object> configuration) {
        this.coordinator = coordinator;
        this.supervisor = supervisor;
        this.dumps = DumpFiles.inData(context.getProperty("proc-daemon.home"));
        apply(configuration);
    }

    @Modified
    void modified(Map<String, Object> configuration) {
        apply(configuration);
    }

    @Deactivate
    synchronized void deactivate() {
        if (sampling != null) {
            sampling.shutdownNow();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEventAdmin(EventAdmin admin) {
        eventAdmin = admin;
    }

    void unsetEventAdmin(EventAdmin admin) {
        if (eventAdmin == admin) {
            eventAdmin = null;
        }
    }

    private synchronized void apply(Map<String, Object> configuration) {
        ResourceSettings next = ResourceSettings.from(configuration);
        if (next.equals(settings)) {
            return;
        }
        boolean wasSampling = settings != null && !settings.sampling().isZero();
        settings = next;
        watch.limits(next.limits());
        if (task != null) {
            task.cancel(false);
            task = null;
        }
        if (next.sampling().isZero()) {
            if (wasSampling) {
                LOG.log(INFO, "resources: not sampled (no limit set, or monitoring.track_resources = false)");
            }
            return;
        }
        if (sampler == null) {
            sampler = new ProcessSampler();
        }
        if (sampling == null) {
            sampling = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "procdaemon-resources");
                thread.setDaemon(true);
                return thread;
            });
        }
        long every = next.sampling().toMillis();
        LOG.log(INFO, () -> "resources: sampled every " + every + " ms; limits " + describe(next) + "; at a hard limit: "
                + next.action().name().toLowerCase(java.util.Locale.ROOT)
                + (next.action() == ResourceSettings.HardAction.RESTART ? " " + next.restartSubsystem() : ""));
        task = sampling.scheduleAtFixedRate(this::sample, 0, every, TimeUnit.MILLISECONDS);
    }

    private static String describe(ResourceSettings settings) {
        StringBuilder text = new StringBuilder();
        settings.limits().forEach((resource, limit) -> text.append(text.length() == 0 ? "" : ", ").append(resource.key())
                .append(" soft ").append(limit.soft() == 0 ? "-" : limit.soft()).append(" hard ")
                .append(limit.hard() == 0 ? "-" : limit.hard()).append(' ').append(resource.unit()));
        return text.toString();
    }

    private void sample() {
        List<LimitWatch.Crossing> crossings;
        ResourceSettings current;
        synchronized (this) {
            current = settings;
            crossings = watch.judge(sampler.sample(System.nanoTime()));
        }
        for (LimitWatch.Crossing crossing : crossings) {
            report(crossing);
            post(crossing);
            if (crossing.level() == LimitWatch.Level.HARD) {
                act(current, crossing);
            }
        }
    }

    private static void report(LimitWatch.Crossing crossing) {
        String line = "resource=" + crossing.resource().key() + " level=" + crossing.level() + " value="
                + crossing.value() + " limit=" + crossing.limit() + " unit=" + crossing.resource().unit();
        switch (crossing.level()) {
            case HARD -> LOG.log(ERROR, () -> line + " reason=\"hard limit reached\"");
            case SOFT -> LOG.log(WARNING, () -> line + " reason=\"soft limit reached\"");
            case UNDER -> LOG.log(INFO, () -> line + " reason=\"back under the limit\"");
        }
    }

    private void post(LimitWatch.Crossing crossing) {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            Map<String, Object> properties = new HashMap<>();
            properties.put("resource", crossing.resource().key());
            properties.put("value", crossing.value());
            properties.put("limit", crossing.limit());
            properties.put("unit", crossing.resource().unit());
            admin.postEvent(new Event(TOPIC_PREFIX + crossing.level() + "_LIMIT", properties));
        }
    }

    private void act(ResourceSettings current, LimitWatch.Crossing crossing) {
        switch (current.action()) {
            case SHUTDOWN -> {
                LOG.log(ERROR, () -> "resources: " + crossing.resource().key() + " reached its hard limit; shutting down"
                        + " (reason ResourceExhausted, exit code 1)");
                coordinator.initiate(ShutdownReason.RESOURCE_EXHAUSTED);
            }
            case HEAPDUMP -> heapDump(crossing);
            case RESTART -> {
                String name = current.restartSubsystem();
                Thread restart = new Thread(() -> {
                    try {
                        supervisor.restart(name);
                        LOG.log(WARNING, () -> "resources: restarted subsystem " + name + " (" + crossing.resource().key()
                                + " reached its hard limit)");
                    } catch (RuntimeException e) {
                        LOG.log(ERROR, () -> "resources: could not restart subsystem " + name + ": " + e.getMessage());
                    }
                }, "procdaemon-resources-restart");
                restart.setDaemon(true);
                restart.start();
            }
        }
    }

    /** A heap dump to data/, named by the resource (see {@link HeapDumps}). */
    private void heapDump(LimitWatch.Crossing crossing) {
        try {
            Path file = HeapDumps.write(dumps, Instant.now(), crossing.resource().key());
            LOG.log(WARNING, () -> "resources: heap dump written to " + file + " (" + crossing.resource().key()
                    + " reached its hard limit)");
        } catch (IOException e) {
            LOG.log(ERROR, () -> "resources: " + e.getMessage());
        }
    }
}
