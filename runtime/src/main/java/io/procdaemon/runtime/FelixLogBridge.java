package io.procdaemon.runtime;

import org.apache.felix.framework.Logger;

/**
 * Sends Felix's own log (by default bare lines on standard output) to the daemon's log, in its
 * format, under the logger {@code org.apache.felix.framework}. Its threshold is still
 * {@code felix.log.level} (etc/config.properties).
 */
final class FelixLogBridge extends Logger {

    private static final System.Logger LOG = System.getLogger("org.apache.felix.framework");

    @Override
    protected void doLog(int level, String message, Throwable throwable) {
        System.Logger.Level julLevel = switch (level) {
            case LOG_ERROR -> System.Logger.Level.ERROR;
            case LOG_WARNING -> System.Logger.Level.WARNING;
            case LOG_INFO -> System.Logger.Level.INFO;
            default -> System.Logger.Level.DEBUG;
        };
        LOG.log(julLevel, message, throwable);
    }
}
