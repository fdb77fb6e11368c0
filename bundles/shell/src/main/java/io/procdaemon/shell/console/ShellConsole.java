package io.procdaemon.shell.console;

import static java.lang.System.Logger.Level.ERROR;

import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.procdaemon.api.ShutdownCoordinator;
import io.procdaemon.api.ShutdownReason;

/**
 * {@code bin/proc-daemon console}: a shell on the terminal that runs the daemon. Active only when
 * the launcher set {@value #CONSOLE_PROPERTY}; JLine is installed only then too, so every JLine
 * class is kept in {@link ConsoleLoop}, loaded only here.
 *
 * <p>Leaving the console ({@code exit} or Ctrl-D) shuts the daemon down through the shutdown
 * coordinator, with the same graceful → force → kill ladder as SIGTERM. A refresh of the shell,
 * Gogo or JLine only restarts the console.
 */
@Component(immediate = true, service = {})
public final class ShellConsole {

    static final String CONSOLE_PROPERTY = "procdaemon.console";
    private static final System.Logger LOG = System.getLogger("io.procdaemon.shell");

    private final Thread thread;
    private volatile ConsoleLoop loop;
    /** Set when the component goes (a refresh of the shell, Gogo or JLine): not the operator leaving. */
    private volatile boolean deactivated;

    @Activate
    public ShellConsole(@Reference CommandProcessor processor, @Reference ShutdownCoordinator coordinator,
            @Reference io.procdaemon.shell.server.Completions completions,
            @Reference io.procdaemon.shell.server.CommandGuide guide, BundleContext context) {
        if (!Boolean.parseBoolean(context.getProperty(CONSOLE_PROPERTY))) {
            thread = null;
            return;
        }
        thread = new Thread(() -> {
            try {
                loop = new ConsoleLoop(processor, completions, guide);
                loop.run();
            } catch (Throwable e) { // the console is gone, but the daemon must not go silently with it
                if (deactivated) {
                    return;
                }
                LOG.log(ERROR, "console failed; the daemon stops (bin/proc-daemon run runs it without a console)", e);
            }
            if (!deactivated) {
                coordinator.initiate(ShutdownReason.REQUESTED);
            }
        }, "console");
        thread.setDaemon(true);
        thread.start();
    }

    @Deactivate
    void deactivate() {
        deactivated = true;
        ConsoleLoop current = loop;
        if (current != null) {
            current.close();
        }
    }
}
