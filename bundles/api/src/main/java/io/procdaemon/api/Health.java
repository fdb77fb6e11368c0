package io.procdaemon.api;

import java.util.Objects;

/**
 * The result of a health check.
 *
 * @param isHealthy whether the subject works as it should
 * @param detail a short explanation for operators, never {@code null}; empty for {@link #healthy()}
 */
public record Health(boolean isHealthy, String detail) {

    private static final Health HEALTHY = new Health(true, "");

    /**
     * Normalises a missing detail to empty.
     *
     * @param isHealthy see {@link #isHealthy()}
     * @param detail see {@link #detail()}; {@code null} becomes empty
     */
    public Health {
        detail = Objects.requireNonNullElse(detail, "");
    }

    /**
     * Returns the healthy result.
     *
     * @return the healthy result
     */
    public static Health healthy() {
        return HEALTHY;
    }

    /**
     * Returns an unhealthy result.
     *
     * @param detail what is wrong, for operators
     * @return an unhealthy result
     */
    public static Health unhealthy(String detail) {
        return new Health(false, detail);
    }
}
