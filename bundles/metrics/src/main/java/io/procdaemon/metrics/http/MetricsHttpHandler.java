package io.procdaemon.metrics.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.procdaemon.metrics.internal.Exposition;

/**
 * {@code GET /metrics}: every metric, read now, in the Prometheus text format 0.0.4, or in
 * OpenMetrics text when the client's {@code Accept} asks for it (as Prometheus does by default).
 * While {@code monitoring.enable_metrics = false}: 503 and a line saying so. A delayed component:
 * made only when the endpoint is on and the path is first asked for.
 */
@Component(service = HttpHandler.class, property = HttpEndpoint.PATH_PROPERTY + "=/metrics")
public final class MetricsHttpHandler implements HttpHandler {

    private final Exposition exposition;

    @Activate
    public MetricsHttpHandler(@Reference Exposition exposition) {
        this.exposition = exposition;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Optional<String> off = exposition.off();
        if (off.isPresent()) {
            PathRouter.respond(exchange, 503, off.get() + "\n");
            return;
        }
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        ByteArrayOutputStream body = new ByteArrayOutputStream(32 * 1024);
        try {
            exposition.write(accept, body);
        } catch (IllegalStateException e) {
            PathRouter.respond(exchange, 503, e.getMessage() + "\n"); // turned off since off() was asked
            return;
        }
        PathRouter.respond(exchange, 200, exposition.contentType(accept), body.toByteArray());
    }
}
