package io.procdaemon.metrics.http;

import java.util.Map;

/**
 * The {@code [http]} keys of {@code etc/daemon.toml}, as this bundle receives them (validated
 * already by the configuration bundle): whether the daemon's HTTP endpoint listens, and where.
 *
 * @param enabled {@code http.enabled}, default {@code false}: nothing listens
 * @param host {@code http.host}, default {@code 127.0.0.1}: this machine only
 * @param port {@code http.port}, default {@value #DEFAULT_PORT}; 0 lets the system pick a free one
 */
record HttpSettings(boolean enabled, String host, int port) {

    static final int DEFAULT_PORT = 9180;
    static final String DEFAULT_HOST = "127.0.0.1";
    static final String KEYS = "http.enabled, http.host, http.port in etc/daemon.toml";

    static HttpSettings from(Map<String, ?> configuration) {
        boolean enabled = Boolean.TRUE.equals(configuration.get("http.enabled"));
        Object host = configuration.get("http.host");
        Object port = configuration.get("http.port");
        return new HttpSettings(enabled, host == null || host.toString().isBlank() ? DEFAULT_HOST : host.toString().strip(),
                port instanceof Number number ? number.intValue() : DEFAULT_PORT);
    }

    /** @return {@code 127.0.0.1:9180}, {@code [::1]:9180} */
    String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
