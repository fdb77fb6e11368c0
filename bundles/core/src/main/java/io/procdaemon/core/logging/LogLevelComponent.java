package io.procdaemon.core.logging;

import static java.lang.System.Logger.Level.INFO;

import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;

/**
 * Applies {@code logging.level} of the daemon's configuration ({@code etc/daemon.toml}) to the
 * root logger of java.util.logging, live: trace, debug, info, warn, error become FINEST, FINE,
 * INFO, WARNING, SEVERE. Loggers with a level of their own (etc/logging.properties) keep it.
 * Only present with a configuration: without one, etc/logging.properties alone decides.
 */
@Component(service = {}, immediate = true, configurationPid = "io.procdaemon.daemon",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class LogLevelComponent {

    private static final System.Logger LOG = System.getLogger("io.procdaemon.logging");
    /** Held: java.util.logging keeps loggers weakly, and the root logger's level must stay set. */
    private static final Logger ROOT = Logger.getLogger("");

    /** @param configuration the daemon's configuration */
    @Activate
    public LogLevelComponent(Map<String, Object> configuration) {
        apply(configuration);
    }

    @Modified
    void modified(Map<String, Object> configuration) {
        apply(configuration);
    }

    private static void apply(Map<String, Object> configuration) {
        Object value = configuration.get("logging.level");
        if (value == null) {
            return;
        }
        Level level = level(value.toString());
        if (level != null && !level.equals(ROOT.getLevel())) {
            // Said before it is done: at the new level this line may no longer pass.
            LOG.log(INFO, () -> "log level set to " + value + " (java.util.logging " + level + ")");
            ROOT.setLevel(level);
        }
    }

    /** @return the level for trace, debug, info, warn or error; {@code null} for anything else */
    static Level level(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.FINEST;
            case "debug" -> Level.FINE;
            case "info" -> Level.INFO;
            case "warn" -> Level.WARNING;
            case "error" -> Level.SEVERE;
            default -> null;
        };
    }
}
