/**
 * The proc-daemon API: what a subsystem author implements ({@link io.procdaemon.api.Subsystem}, or
 * {@link io.procdaemon.api.AsyncSubsystem} for one that holds no thread while it runs) and
 * the services the container provides ({@link io.procdaemon.api.ShutdownCoordinator},
 * {@link io.procdaemon.api.SignalService}).
 *
 * <p>Versioned by semantic versioning of this package; interfaces the container implements are
 * {@code @ProviderType}, those authors implement are {@code @ConsumerType}.
 */
@Export
@Version("1.4.0")
package io.procdaemon.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
