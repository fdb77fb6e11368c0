package io.procdaemon.core.logging;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;

import io.procdaemon.logging.LogLevels;

/**
 * Applies the {@code [logging]} section of the daemon's configuration ({@code etc/daemon.toml}),
 * live:
 * <ul>
 * <li>{@code logging.level} to the root logger, {@code logging.levels} to single loggers,
 *     through {@link LogLevels} (java.util.logging and the OSGi LoggerAdmin together). Only what
 *     changed in the file is applied, so a level set from the shell ({@code log:set}) stays until
 *     the file changes that same level; a logger taken out of {@code logging.levels} follows its
 *     parent again.</li>
 * <li>every key to the launcher's log output ({@code logging.json}, {@code logging.file}, ...):
 *     the launcher registers a {@code Consumer<Map<String, ?>>} marked
 *     {@value #SETTINGS_FILTER} (a JDK type, as its exit service), which takes the whole
 *     configuration. Without it (the core in another framework) the output stays as
 *     etc/logging.properties made it.</li>
 * </ul>
 * Only present with a configuration: without one, etc/logging.properties alone decides.
 */
@Component(service = {}, immediate = true, configurationPid = "io.procdaemon.daemon",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class LogLevelComponent {

    /** The launcher's log settings service. */
    static final String SETTINGS_FILTER = "(io.procdaemon.log.settings=true)";

    private static final System.Logger LOG = System.getLogger("io.procdaemon.logging");

    private final LogLevels levels;
    private final Consumer<Map<String, ?>> output;
    private String appliedRoot;
    private final Map<String, String> appliedLoggers = new HashMap<>();

    /**
     * @param levels the daemon's levels
     * @param output the launcher's log output, or {@code null} when the daemon was not launched by it
     * @param configuration the daemon's configuration
     */
    @Activate
    public LogLevelComponent(@Reference LogLevels levels,
            @Reference(target = SETTINGS_FILTER, cardinality = ReferenceCardinality.OPTIONAL) Consumer<Map<String, ?>> output,
            Map<String, Object> configuration) {
        this.levels = levels;
        this.output = output;
        apply(configuration);
    }

    @Modified
    void modified(Map<String, Object> configuration) {
        apply(configuration);
    }

    private synchronized void apply(Map<String, Object> configuration) {
        if (output != null) {
            output.accept(configuration);
        }
        Object root = configuration.get("logging.level");
        if (root != null && !root.toString().equals(appliedRoot)) {
            if (!root.toString().equals(levels.effective(LogLevels.ROOT))) {
                // Said before it is done: at the new level this line may no longer pass.
                LOG.log(INFO, () -> "log level set to " + root);
            }
            levels.set(LogLevels.ROOT, root.toString());
            appliedRoot = root.toString();
        }
        Object text = configuration.get(ConfiguredLevels.KEY);
        ConfiguredLevels configured = ConfiguredLevels.parse(text == null ? "" : text.toString());
        configured.problems().forEach(problem -> LOG.log(ERROR, problem));
        for (String logger : Map.copyOf(appliedLoggers).keySet()) {
            if (!configured.levels().containsKey(logger)) {
                levels.set(logger, "default");
                appliedLoggers.remove(logger);
                LOG.log(INFO, () -> "log level of " + logger + " no longer set by " + ConfiguredLevels.KEY
                        + ": it follows its parent (" + levels.effective(logger) + ")");
            }
        }
        configured.levels().forEach((logger, level) -> {
            if (!Objects.equals(appliedLoggers.get(logger), level)) {
                levels.set(logger, level);
                appliedLoggers.put(logger, level);
                LOG.log(INFO, () -> "log level of " + logger + " set to " + level + " (" + ConfiguredLevels.KEY + ")");
            }
        });
    }
}
