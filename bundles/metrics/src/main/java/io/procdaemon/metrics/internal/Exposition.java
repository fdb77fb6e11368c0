package io.procdaemon.metrics.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * The registry as the HTTP endpoint sees it (a service of this bundle only): the scrape in the
 * format a client asks for, or why there is none.
 */
public interface Exposition {

    /** @return why metrics are not exposed ({@code monitoring.enable_metrics = false}); empty while they are */
    Optional<String> off();

    /**
     * @param accept the client's {@code Accept} header, may be {@code null}
     * @return the content type {@link #write} writes for it: OpenMetrics text when the client
     *         accepts it, else the Prometheus text format 0.0.4
     */
    String contentType(String accept);

    /**
     * Writes every metric, read now, in the format {@link #contentType(String)} names.
     *
     * @throws IllegalStateException while metrics are {@link #off()}
     */
    void write(String accept, OutputStream out) throws IOException;
}
