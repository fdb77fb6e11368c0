package io.procdaemon.core.health;

import static java.lang.System.Logger.Level.DEBUG;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.procdaemon.api.ShutdownCoordinator;
import io.procdaemon.api.Supervisor;
import io.procdaemon.core.supervisor.SupervisorLiveness;

/**
 * The daemon's health for machines: {@code /health/live}, {@code /health/ready} and
 * {@code /health/started} on the daemon's HTTP endpoint (200 or 503, a JSON body with every
 * subsystem's state and health), and {@code daemon:health [live|ready|started]} for people and
 * scripts ({@code bin/proc-daemon health} exits 0 when ready, 1 when not). One place decides all of
 * them ({@link ProbeReport#of}); the semantics are in docs/operations.md, "Health probes".
 *
 * <p>The paths are served by the endpoint's whiteboard: {@link HttpHandler} services with the
 * property {@value #PATH_PROPERTY} (the metrics bundle's {@code HttpEndpoint} serves them while
 * {@code http.enabled = true}).
 */
@Component(service = HealthProbes.class, immediate = true,
        property = {"osgi.command.scope=daemon", "osgi.command.function=health"})
public final class HealthProbes {

    /** The HTTP endpoint's whiteboard property: the exact path a handler serves. */
    static final String PATH_PROPERTY = "procdaemon.http.path";
    /** How long the liveness probe waits for the supervisor's loop (a kubelet's default probe timeout is 1 s). */
    static final Duration LIVENESS_WAIT = Duration.ofMillis(500);
    private static final System.Logger LOG = System.getLogger("io.procdaemon.health");

    private final Supervisor supervisor;
    private final SupervisorLiveness liveness;
    private final ShutdownCoordinator coordinator;
    private final BundleContext context;
    private final List<ServiceRegistration<HttpHandler>> paths = new ArrayList<>();

    /**
     * @param supervisor the subsystems and their health
     * @param liveness whether the supervisor's loop answers
     * @param coordinator whether a shutdown has begun
     * @param context where the launcher's ready marker appears and the paths are registered
     */
    @Activate
    public HealthProbes(@Reference Supervisor supervisor, @Reference SupervisorLiveness liveness,
            @Reference ShutdownCoordinator coordinator, BundleContext context) {
        this.supervisor = supervisor;
        this.liveness = liveness;
        this.coordinator = coordinator;
        this.context = context;
        for (ProbeReport.Probe probe : ProbeReport.Probe.values()) {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put(PATH_PROPERTY, probe.path());
            paths.add(context.registerService(HttpHandler.class, exchange -> serve(probe, exchange), properties));
        }
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<HttpHandler> path : paths) {
            try {
                path.unregister();
            } catch (IllegalStateException e) {
                // unregistered with the bundle already
            }
        }
    }

    /** @return the probe's verdict, now */
    ProbeReport report(ProbeReport.Probe probe) {
        boolean answers = probe == ProbeReport.Probe.LIVE && liveness.answers(LIVENESS_WAIT);
        String shuttingDown = coordinator.isShutdown() ? coordinator.progress().phase().toString() : null;
        return ProbeReport.of(probe, answers, ReadyMarker.present(context), shuttingDown, supervisor.health(),
                supervisor.subsystems());
    }

    private void serve(ProbeReport.Probe probe, HttpExchange exchange) throws IOException {
        try (exchange) {
            ProbeReport report = report(probe);
            byte[] body = report.json().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
            exchange.sendResponseHeaders(report.httpStatus(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            LOG.log(DEBUG, () -> probe.path() + " " + report.httpStatus() + ": " + report.reason());
        }
    }

    /**
     * {@code daemon:health}: the readiness, with every subsystem; fails (the client exits 1) when
     * the probe is down.
     *
     * @param probe {@code ready} (the default), {@code live} or {@code started}
     * @return the report, when the probe is up
     */
    @Descriptor("the readiness probe with every subsystem (or the live or started probe); fails while the probe is down")
    public String health(@Descriptor("ready (the default), live or started") String... probe) {
        ProbeReport.Probe which = parse(probe);
        ProbeReport report = report(which);
        StringBuilder text = new StringBuilder(report.line());
        report.subsystems().forEach(info -> text.append(String.format(Locale.ROOT, "%n  %-20s %-10s %s", info.name(),
                info.state(), info.health().isHealthy() ? "healthy" : "unhealthy: " + info.health().detail())));
        if (!report.up()) {
            throw new IllegalStateException(text.toString());
        }
        return text.toString();
    }

    private static ProbeReport.Probe parse(String... probe) {
        if (probe.length == 0) {
            return ProbeReport.Probe.READY;
        }
        if (probe.length == 1) {
            for (ProbeReport.Probe candidate : ProbeReport.Probe.values()) {
                if (candidate.name().equalsIgnoreCase(probe[0])) {
                    return candidate;
                }
            }
        }
        throw new IllegalArgumentException("unknown probe '" + String.join(" ", probe) + "'; one of: ready, live, started");
    }
}
