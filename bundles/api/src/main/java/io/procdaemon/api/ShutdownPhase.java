package io.procdaemon.api;

/** Where the daemon is on the shutdown ladder. */
public enum ShutdownPhase {
    /** No shutdown has been initiated. */
    RUNNING,
    /** Initiated; participants and bundles stop on their own until the graceful deadline. */
    GRACEFUL,
    /** The graceful deadline passed (or a second TERM/INT came): what is left is interrupted. */
    FORCING,
    /** Everything stopped; the process is exiting (or, when embedded, shutdown is over). */
    COMPLETED
}
