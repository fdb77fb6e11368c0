package io.procdaemon.metrics.http;

import java.io.IOException;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * A registered {@link HttpHandler} service, got from the framework at the first request of its
 * path and kept until the service goes: a handler that is a delayed DS component (as
 * {@code /metrics} is) is not even made while the endpoint is off or nobody asks.
 */
final class ServiceHandler implements HttpHandler {

    private final BundleContext context;
    private final ServiceReference<HttpHandler> reference;
    private HttpHandler handler;
    private boolean released;

    ServiceHandler(BundleContext context, ServiceReference<HttpHandler> reference) {
        this.context = context;
        this.reference = reference;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        HttpHandler target = handler();
        if (target == null) {
            PathRouter.respond(exchange, 503, exchange.getRequestURI().getPath() + " is going away\n");
        } else {
            target.handle(exchange);
        }
    }

    private synchronized HttpHandler handler() {
        if (handler == null && !released) {
            handler = context.getService(reference);
        }
        return handler;
    }

    /** The service is going: let the framework release it. */
    synchronized void release() {
        released = true;
        if (handler != null) {
            handler = null;
            context.ungetService(reference);
        }
    }
}
