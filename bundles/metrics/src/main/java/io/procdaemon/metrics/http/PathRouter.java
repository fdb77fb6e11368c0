package io.procdaemon.metrics.http;

import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The one handler the server has: it routes a request by its exact path to the handler registered
 * for it ({@code /metrics}; the health probes next), answers 404 naming the paths there are, and
 * 405 to anything but GET and HEAD (the endpoint only reads). Exact paths, because the JDK server's
 * own contexts match by prefix ({@code /metricsfoo} would reach {@code /metrics}).
 */
final class PathRouter implements HttpHandler {

    private static final System.Logger LOG = System.getLogger("io.procdaemon.http");

    private final Map<String, HttpHandler> handlers = new ConcurrentHashMap<>();

    /** @return {@code false} when the path is taken already (the first keeps it) */
    boolean add(String path, HttpHandler handler) {
        return handlers.putIfAbsent(path, handler) == null;
    }

    void remove(String path, HttpHandler handler) {
        handlers.remove(path, handler);
    }

    /** @return the paths served, sorted: {@code /metrics} */
    String paths() {
        return String.join(", ", new TreeSet<>(handlers.keySet()));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            HttpHandler handler = handlers.get(path);
            if (handler == null) {
                respond(exchange, 404, "no such path: " + path + "; paths: " + paths() + "\n");
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, method + " " + path + " is not allowed: GET or HEAD only\n");
            } else {
                serve(handler, exchange, method, path);
            }
        }
    }

    private static void serve(HttpHandler handler, HttpExchange exchange, String method, String path) throws IOException {
        try {
            handler.handle(exchange);
        } catch (IOException e) {
            throw e; // the client went away: nothing to tell it
        } catch (RuntimeException e) {
            LOG.log(WARNING, () -> "http: " + method + " " + path + " failed: " + e, e);
            if (exchange.getResponseCode() == -1) {
                respond(exchange, 500, method + " " + path + " failed: " + e + "\n");
            }
        }
    }

    /**
     * Sends a whole response: the status, a length, and the body unless the request is a HEAD.
     * A handler that set no {@code Content-Type} sends plain text.
     */
    static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().putIfAbsent("Content-Type", java.util.List.of(contentType));
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    static void respond(HttpExchange exchange, int status, String text) throws IOException {
        respond(exchange, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }
}
