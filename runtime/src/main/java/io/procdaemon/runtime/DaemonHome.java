package io.procdaemon.runtime;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folders of a proc-daemon home, with Karaf's meanings: {@code bin/} scripts, {@code etc/}
 * configuration, {@code system/} the bundles started at boot, {@code deploy/} bundles hot-deployed,
 * {@code data/} state that deleting resets (framework cache, lock, PID file), {@code log/} logs.
 *
 * @param root the home folder, absolute
 */
record DaemonHome(Path root) {

    /** System property naming the home; bin/proc-daemon sets it. */
    static final String HOME_PROPERTY = "proc-daemon.home";

    static DaemonHome fromSystemProperty() throws LaunchException {
        String value = System.getProperty(HOME_PROPERTY);
        if (value == null || value.isBlank()) {
            throw new LaunchException(ExitCode.USAGE,
                    "system property " + HOME_PROPERTY + " is not set; start the daemon with bin/proc-daemon");
        }
        Path root = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new LaunchException(ExitCode.USAGE, HOME_PROPERTY + "=" + value + " is not a directory");
        }
        return new DaemonHome(root);
    }

    Path etc() {
        return root.resolve("etc");
    }

    Path system() {
        return root.resolve("system");
    }

    Path deploy() {
        return root.resolve("deploy");
    }

    Path data() {
        return root.resolve("data");
    }

    Path log() {
        return root.resolve("log");
    }

    /** @return a path relative to the home when it is inside it, for messages */
    String show(Path path) {
        return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
    }
}
