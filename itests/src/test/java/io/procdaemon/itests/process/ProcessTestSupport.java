package io.procdaemon.itests.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.After;
import org.junit.Before;

/**
 * Process tests: the packaged distribution, copied into a fresh home per test, driven through
 * {@code bin/proc-daemon} with real processes, signals and files. Whatever a test does, every
 * daemon it started is killed ({@code kill -9}) afterwards and the home deleted.
 */
public abstract class ProcessTestSupport {

    /** Exit codes of bin/proc-daemon and the daemon (docs/operations.md). */
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int NOT_RUNNING = 3;
    static final int ALREADY_RUNNING = 4;
    static final int BAD_CONFIGURATION = 5;
    static final int NO_JAVA = 6;
    static final int FORCED = 8;
    static final int KILLED = 9;

    protected DistributionHome home;

    @Before
    public final void createHome() throws IOException {
        home = DistributionHome.create();
    }

    @After
    public final void killDaemonsAndDeleteHome() throws IOException {
        if (home != null) {
            home.close();
        }
    }

    /** @return an environment with these JVM options (the launcher appends JAVA_OPTS last) */
    static Map<String, String> javaOpts(String options) {
        return Map.of("JAVA_OPTS", options);
    }

    /**
     * @return the shutdown ladder's deadlines as the environment overrides of etc/daemon.toml
     *         ({@code DAEMON_SHUTDOWN__GRACEFUL} ...), which win over the file
     */
    static Map<String, String> deadlines(long gracefulMillis, long forceMillis, long killMillis) {
        return Map.of("DAEMON_SHUTDOWN__GRACEFUL", Long.toString(gracefulMillis),
                "DAEMON_SHUTDOWN__FORCE", Long.toString(forceMillis),
                "DAEMON_SHUTDOWN__KILL", Long.toString(killMillis));
    }

    /** @return a TCP port of 127.0.0.1 that was free a moment ago (the system picked it) */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }
}
