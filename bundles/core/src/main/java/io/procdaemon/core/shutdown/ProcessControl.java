package io.procdaemon.core.shutdown;

/**
 * What the shutdown ladder may do to the process. Only the proc-daemon launcher owns the process;
 * embedded in someone else's framework (a test container, another OSGi runtime) the ladder
 * never exits or halts the JVM: see {@link #EMBEDDED}.
 */
public interface ProcessControl {

    /** The control of a framework that does not belong to us: stop nothing, exit nothing. */
    ProcessControl EMBEDDED = new ProcessControl() {
        @Override
        public boolean ownsProcess() {
            return false;
        }

        @Override
        public void requestExit(int code) {
            // Not our process: the host decides when it ends.
        }

        @Override
        public void exitNow(int code) {
            // Not our process.
        }

        @Override
        public void halt(int code) {
            // Not our process.
        }
    };

    /** @return {@code true} when the ladder may end the process */
    boolean ownsProcess();

    /**
     * Records the code the process will exit with; the first call also asks the launcher to stop
     * the framework, after which it exits. The launcher keeps the highest code it is given.
     */
    void requestExit(int code);

    /** Exits at once through {@link System#exit(int)}; shutdown hooks still run. */
    void exitNow(int code);

    /** Halts at once through {@link Runtime#halt(int)}; nothing runs after it. */
    void halt(int code);

    /**
     * @return whether the JVM is already exiting (running its shutdown hooks): then the framework
     *         has stopped and the launcher has announced its exit code, and only a hook that does
     *         not return can keep the process alive. Embedded, always {@code false}.
     */
    default boolean exiting() {
        return false;
    }
}
