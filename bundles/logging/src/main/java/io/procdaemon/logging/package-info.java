/**
 * The daemon's log levels ({@link io.procdaemon.logging.LogLevels}), one service for
 * java.util.logging (which every logging API the daemon carries ends in) and the OSGi Log
 * service's {@code LoggerAdmin}, so that a level set once holds for every API.
 *
 * <p>Versioned by semantic versioning of this package; its interface is implemented by the
 * logging bundle ({@code @ProviderType}).
 */
@Export
@Version("1.0.0")
package io.procdaemon.logging;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
