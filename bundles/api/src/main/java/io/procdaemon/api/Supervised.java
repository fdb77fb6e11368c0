package io.procdaemon.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * How the daemon supervises a subsystem, typed: put it on the {@code @Component} class.
 *
 * <pre>{@code
 * @Supervised(restart = Supervised.Restart.BACKOFF, backoffInitialMs = 500, healthIntervalMs = 5000)
 * @Component(name = "greeter", service = Subsystem.class)
 * public class Greeter implements Subsystem { ... }
 * }</pre>
 *
 * <p>A Declarative Services component property type: bnd writes its elements into the component's
 * description as service properties named {@value #PREFIX_} followed by the element's name
 * ({@code subsystem.restart}, {@code subsystem.backoffInitialMs}, ...), every element, defaults
 * included.
 *
 * <p>Precedence, from weakest to strongest: the subsystem's {@link Subsystem#restartPolicy()}, this
 * annotation, then the string properties of the daemon's documentation ({@code restart.policy},
 * {@code restart.backoff.initial.ms}, {@code health.interval.ms}, ...; {@code docs/subsystems.md})
 * wherever they come from, typically an operator's {@code etc/<pid>.toml}. So the code states a
 * policy and an operator can still change it without a rebuild. With {@code @Supervised} the
 * annotation's {@link #restart()} replaces what {@code restartPolicy()} returns: use one or the other.
 *
 * @since 1.3
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Supervised {

    /** The prefix of the service properties this annotation's elements become. */
    String PREFIX_ = "subsystem.";

    /**
     * Returns the subsystem's name ({@value Subsystem#NAME_PROPERTY}); empty: the component's name.
     *
     * @return the subsystem's name ({@value Subsystem#NAME_PROPERTY}); empty: the component's name
     */
    String name() default "";

    /**
     * What happens when a run ends; by default {@link Restart#NEVER}, as {@code restartPolicy()}'s.
     *
     * @return what happens when a run ends; by default {@link Restart#NEVER}, as {@code restartPolicy()}'s
     */
    Restart restart() default Restart.NEVER;

    /**
     * With {@link Restart#BACKOFF}: the first delay, in milliseconds.
     *
     * @return with {@link Restart#BACKOFF}: the first delay, in milliseconds
     */
    long backoffInitialMs() default 1000;

    /**
     * With {@link Restart#BACKOFF}: the longest delay, in milliseconds.
     *
     * @return with {@link Restart#BACKOFF}: the longest delay, in milliseconds
     */
    long backoffMaxMs() default 30000;

    /**
     * With {@link Restart#BACKOFF}: failed restarts in a row before the subsystem stays FAILED.
     *
     * @return with {@link Restart#BACKOFF}: failed restarts in a row before the subsystem stays FAILED
     */
    int backoffAttempts() default 5;

    /**
     * How often {@link Subsystem#health()} is called while the subsystem runs, in milliseconds; 0 turns the
     * checks off; -1 (the default) takes the daemon's {@code [monitoring] health_check_interval_ms}.
     *
     * @return how often {@link Subsystem#health()} is called while the subsystem runs, in
     *         milliseconds; 0 turns the checks off; -1 (the default) takes the daemon's
     *         {@code [monitoring] health_check_interval_ms}
     */
    long healthIntervalMs() default -1;

    /**
     * Returns the time limit of one health check, in milliseconds.
     *
     * @return the time limit of one health check, in milliseconds
     */
    long healthTimeoutMs() default 1000;

    /**
     * Returns failed health checks in a row that count as a failure of the run.
     *
     * @return failed health checks in a row that count as a failure of the run
     */
    int healthFailures() default 3;

    /**
     * Whether the daemon is unhealthy (not ready) while this subsystem is not RUNNING and healthy.
     *
     * @return whether the daemon is unhealthy (not ready) while this subsystem is not RUNNING and healthy
     */
    boolean critical() default true;

    /** Restart policies, as {@link RestartPolicy}'s factories name them. */
    enum Restart {
        /** {@link RestartPolicy#never()}: a run that ends stays ended (OTP's temporary) */
        NEVER,
        /** {@link RestartPolicy#always()}: restarted whenever a run ends (OTP's permanent) */
        ALWAYS,
        /** {@link RestartPolicy#onFailure()}: restarted when a run fails (OTP's transient) */
        ON_FAILURE,
        /** {@link RestartPolicy#exponentialBackoff}: restarted after a failure, after growing delays */
        BACKOFF
    }
}
