package io.procdaemon.metrics.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * The JDK's HTTP server listening on one address, with its threads. Only this class creates one
 * ({@code com.sun.net.httpserver}, exported by the system bundle), so a daemon with the endpoint
 * off loads none of the server (the handlers share its {@code HttpHandler} interface only).
 *
 * <p>Threads: the JDK's dispatcher ({@code HTTP-Dispatcher}, accepts and reads requests) and its
 * timer ({@code idle-timeout-task}, closes idle connections), and at most {@value #THREADS} of ours, {@code procdaemon-http-N}, daemon threads that end after
 * {@value #IDLE_SECONDS} s without a request. A request arriving while both are busy and
 * {@value #QUEUE} wait runs on the dispatcher itself, which then accepts nothing more until it is
 * done: the endpoint slows down instead of dropping scrapes or growing without bound.
 */
final class BoundServer {

    static final int THREADS = 2;
    static final int QUEUE = 16;
    static final int IDLE_SECONDS = 30;
    private static final int BACKLOG = 16;

    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    private BoundServer(HttpServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException if the host does not resolve or the address cannot be bound (in use, not
     *         an address of this machine, a port below 1024 without the right)
     */
    static BoundServer listen(HttpSettings settings, PathRouter router) throws IOException {
        InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
        if (address.isUnresolved()) {
            throw new UnknownHostException("the host '" + settings.host() + "' does not resolve");
        }
        HttpServer server = HttpServer.create(address, BACKLOG);
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, IDLE_SECONDS, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), task -> {
                    Thread thread = new Thread(task, "procdaemon-http-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        server.createContext("/", router);
        server.start();
        return new BoundServer(server, executor);
    }

    /** @return the address bound, with the port the system picked for port 0 */
    InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops listening at once; requests being served are cut off. */
    void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
