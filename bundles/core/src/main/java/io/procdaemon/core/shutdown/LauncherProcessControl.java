package io.procdaemon.core.shutdown;

import java.util.Objects;
import java.util.function.IntConsumer;

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

    LauncherProcessControl(IntConsumer launcherExit) {
        this.launcherExit = Objects.requireNonNull(launcherExit, "launcherExit");
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
}
