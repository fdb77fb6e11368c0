package io.procdaemon.metrics.http;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.sun.net.httpserver.HttpHandler;

/**
 * The daemon's HTTP endpoint: off by default, on {@code 127.0.0.1} when on, configured by
 * {@code [http]} of {@code etc/daemon.toml} and applied live: a change of {@code http.enabled},
 * {@code http.host} or {@code http.port} closes the listening socket and binds the new address at
 * once (requests in flight are cut off).
 *
 * <p>Paths are a whiteboard: any bundle registers a {@link HttpHandler} service with the property
 * {@value #PATH_PROPERTY} (an exact path such as {@code /metrics}) and it is served, whether the
 * server is up yet or not, for as long as the service is; this bundle's {@code /metrics} is one.
 * The server only reads: GET and HEAD (see {@link PathRouter}).
 *
 * <p>A failure to bind (the port in use, a host that is not an address of this machine) is one
 * error naming the address and the keys; the daemon runs on without the endpoint until a change of
 * the keys binds. While it is off the JDK's server is neither loaded nor started (only its
 * {@code HttpHandler} interface is, by the whiteboard).
 */
@Component(service = {}, immediate = true, configurationPid = "io.procdaemon.daemon",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class HttpEndpoint {

    /** The service property of a {@link HttpHandler} that names the exact path it serves. */
    public static final String PATH_PROPERTY = "procdaemon.http.path";

    private static final System.Logger LOG = System.getLogger("io.procdaemon.http");

    private final PathRouter router = new PathRouter();
    private final Map<ServiceReference<HttpHandler>, ServiceHandler> handlers = new ConcurrentHashMap<>();
    private final BundleContext context;
    private HttpSettings settings;
    private BoundServer server;

    /**
     * @param context to get the handlers' services when their path is first asked for
     * @param configuration the daemon's ({@code http.*}); empty before etc/daemon.toml is applied
     */
    @Activate
    public HttpEndpoint(BundleContext context, Map<String, Object> configuration) {
        this.context = context;
        apply(configuration);
    }

    @Modified
    void modified(Map<String, Object> configuration) {
        apply(configuration);
    }

    @Deactivate
    synchronized void deactivate() {
        close();
    }

    /** A path's handler, by its service reference: the service itself is got at the path's first request. */
    @Reference(service = HttpHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, target = "(" + PATH_PROPERTY + "=*)")
    void addHandler(ServiceReference<HttpHandler> reference) {
        String path = String.valueOf(reference.getProperty(PATH_PROPERTY));
        ServiceHandler handler = new ServiceHandler(context, reference);
        if (!path.startsWith("/")) {
            LOG.log(ERROR, () -> "http: " + PATH_PROPERTY + " '" + path + "' of " + describe(reference)
                    + " is not a path (it must start with /); not served");
        } else if (!router.add(path, handler)) {
            LOG.log(ERROR, () -> "http: " + describe(reference) + " also asks for " + path + ", which is served already;"
                    + " the first keeps it");
        } else {
            handlers.put(reference, handler);
        }
    }

    void removeHandler(ServiceReference<HttpHandler> reference) {
        ServiceHandler handler = handlers.remove(reference);
        if (handler != null) {
            router.remove(String.valueOf(reference.getProperty(PATH_PROPERTY)), handler);
            handler.release();
        }
    }

    private static String describe(ServiceReference<?> reference) {
        return "the handler service " + reference.getProperty("service.id") + " of bundle "
                + reference.getBundle().getSymbolicName();
    }

    private synchronized void apply(Map<String, ?> configuration) {
        HttpSettings next = HttpSettings.from(configuration);
        if (next.equals(settings)) {
            return;
        }
        boolean first = settings == null;
        settings = next;
        close();
        if (!next.enabled()) {
            if (first) {
                LOG.log(INFO, "http endpoint: off (http.enabled = false in etc/daemon.toml)");
            } else {
                LOG.log(INFO, "http endpoint: off (http.enabled = false); stopped listening");
            }
            return;
        }
        try {
            server = BoundServer.listen(next, router);
        } catch (IOException | RuntimeException e) {
            LOG.log(ERROR, () -> "http endpoint off: cannot listen on " + next.address() + ": " + reason(e)
                    + ". Set a free port or an address of this machine (" + HttpSettings.KEYS + "; they apply live),"
                    + " or http.enabled = false; the daemon runs on without the endpoint");
            return;
        }
        InetSocketAddress bound = server.address();
        String url = "http://" + new HttpSettings(true, next.host(), bound.getPort()).address();
        // Paths are not listed: the handlers' services are bound after this, at activation.
        LOG.log(INFO, () -> "http endpoint: listening on " + url);
        if (!bound.getAddress().isLoopbackAddress()) {
            LOG.log(WARNING, () -> "http endpoint: " + url + " is reachable from other machines, and it asks for no"
                    + " credentials; keep http.host = \"127.0.0.1\" unless a firewall or a proxy guards the port");
        }
    }

    /** @return where the endpoint listens; empty while it is off or could not bind */
    synchronized Optional<InetSocketAddress> address() {
        return server == null ? Optional.empty() : Optional.of(server.address());
    }

    private static String reason(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
