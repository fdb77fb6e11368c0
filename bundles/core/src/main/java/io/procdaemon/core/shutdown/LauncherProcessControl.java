package io.procdaemon.core.shutdown;

import java.util.Objects;
import java.util.function.IntConsumer;

import org.osgi.framework.Bundle;

/**
 * The process control of a daemon started by the proc-daemon launcher. The launcher registers an
 * {@link IntConsumer} service with property {@value #EXIT_PROPERTY}{@code =true} in the system
 * bundle's context (a JDK type, so no class is shared across the framework boundary); calling it
 * records the exit code (the launcher keeps the highest) and, the first time, stops the framework.
 */
final class LauncherProcessControl implements ProcessControl {

    /** The service property that marks the launcher's exit service. */
    static final String EXIT_PROPERTY = "io.procdaemon.exit";

    private final IntConsumer launcherExit;
    private final Bundle systemBundle;

    /**
     * @param launcherExit the launcher's exit service
     * @param systemBundle the framework's system bundle: once it has stopped, the launcher has
     *        decided the exit code and exits
     */
    LauncherProcessControl(IntConsumer launcherExit, Bundle systemBundle) {
        this.launcherExit = Objects.requireNonNull(launcherExit, "launcherExit");
        this.systemBundle = Objects.requireNonNull(systemBundle, "systemBundle");
    }

    @Override
    public boolean ownsProcess() {
        return true;
    }

    @Override
    public void requestExit(int code) {
        launcherExit.accept(code);
    }

    @Override
    public void exitNow(int code) {
        System.exit(code);
    }

    @Override
    public void halt(int code) {
        Runtime.getRuntime().halt(code);
    }

    @Override
    public boolean exiting() {
        if ((systemBundle.getState() & (Bundle.ACTIVE | Bundle.STARTING | Bundle.STOPPING)) == 0) {
            return true;
        }
        // The framework may be gone some other way (a System.exit of a bundle); the JDK tells
        // whether shutdown has begun only by refusing new hooks.
        Thread probe = new Thread(() -> { }, "procdaemon-exit-probe");
        try {
            Runtime.getRuntime().addShutdownHook(probe);
        } catch (IllegalStateException e) {
            return true;
        }
        Runtime.getRuntime().removeShutdownHook(probe);
        return false;
    }
}
