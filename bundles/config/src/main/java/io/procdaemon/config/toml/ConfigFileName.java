package io.procdaemon.config.toml;

import java.util.Objects;
import java.util.Optional;

/**
 * The ConfigAdmin identity a file in {@code etc/} stands for, read from its name alone.
 *
 * <ul>
 * <li>{@code <pid>.toml} is the singleton configuration {@code <pid>}: {@code my-service.toml} is
 * PID {@code my-service}. A PID is never split on {@code -}, unlike FileInstall's {@code .cfg}
 * names.</li>
 * <li>{@code daemon.toml}, exactly, is the daemon's own configuration, PID
 * {@value #DAEMON_PID}. Nothing else is renamed: {@code daemon~x.toml} is factory {@code daemon}.</li>
 * <li>{@code <factoryPid>~<name>.toml} is the named factory configuration of Configuration Admin
 * 1.6 ({@code getFactoryConfiguration(factoryPid, name)}), whose PID is
 * {@code <factoryPid>~<name>}: {@code org.acme.pool~primary.toml} is factory {@code org.acme.pool},
 * name {@code primary}. Only the first {@code ~} separates them; a second one is refused.</li>
 * <li>Not configuration, silently ({@link #of} returns empty): names not ending in {@code .toml}
 * (case matters: {@code x.TOML} is not one), hidden files ({@code .x.toml}), editor temporaries
 * ({@code #x.toml#}, {@code x.toml~}, {@code .x.toml.swp}, {@code .#x.toml}, {@code x.tmp}) and
 * names starting with {@code #}.</li>
 * <li>Refused ({@link Invalid}): an empty PID, factory PID or name ({@code .toml},
 * {@code ~x.toml}, {@code x~.toml}), a second {@code ~}, and whitespace, control characters,
 * {@code /} or {@code \} anywhere in the PID.</li>
 * </ul>
 *
 * @param pid the full PID: {@code <pid>}, or {@code <factoryPid>~<name>} for a factory configuration
 * @param factoryPid the factory PID, or empty for a singleton configuration
 * @param name the factory configuration's name, or empty for a singleton configuration
 */
public record ConfigFileName(String pid, String factoryPid, String name) {

    /** The PID {@code daemon.toml} stands for. */
    public static final String DAEMON_PID = "io.procdaemon.daemon";

    private static final String SUFFIX = ".toml";

    private static final String VALID = "a configuration file is named <pid>.toml or <factoryPid>~<name>.toml,"
            + " where the PID, factory PID and name are not empty and hold no whitespace, control characters, '/',"
            + " '\\' or further '~' (for example my-service.toml or org.acme.pool~primary.toml)";

    /**
     * Checks that the parts agree.
     *
     * @throws IllegalArgumentException if a part is empty where it must not be, or {@code pid} is not
     *             {@code factoryPid~name} for a factory configuration
     */
    public ConfigFileName {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(factoryPid, "factoryPid");
        Objects.requireNonNull(name, "name");
        if (pid.isEmpty()) {
            throw new IllegalArgumentException("empty PID");
        }
        if (factoryPid.isEmpty() != name.isEmpty()) {
            throw new IllegalArgumentException("a factory configuration has both a factory PID and a name: '"
                    + factoryPid + "', '" + name + "'");
        }
        if (!factoryPid.isEmpty() && !pid.equals(factoryPid + '~' + name)) {
            throw new IllegalArgumentException("the PID of factory '" + factoryPid + "' name '" + name + "' is '"
                    + factoryPid + '~' + name + "', not '" + pid + "'");
        }
    }

    /** @return {@code true} for a named factory configuration ({@code <factoryPid>~<name>.toml}) */
    public boolean isFactory() {
        return !factoryPid.isEmpty();
    }

    /**
     * Same as {@link #of(String, String)} with the problem naming the file as {@code fileName}.
     *
     * @param fileName a file's name, without folder, e.g. {@code org.acme.pool~primary.toml}
     * @return the configuration the file stands for, or empty when the file is not configuration
     * @throws Invalid when the file is meant as configuration but its name gives no valid PID
     */
    public static Optional<ConfigFileName> of(String fileName) {
        return of(fileName, fileName);
    }

    /**
     * The configuration a file stands for, from its name.
     *
     * @param fileName a file's name, without folder, e.g. {@code org.acme.pool~primary.toml}
     * @param shownAs the file as operators name it in messages, e.g. {@code etc/org.acme.pool~primary.toml}
     * @return the configuration the file stands for, or empty when the file is not configuration
     *         (see {@link #isConfiguration(String)})
     * @throws Invalid when the file is meant as configuration but its name gives no valid PID; its
     *             {@link Invalid#problem()} names {@code shownAs} and says what is valid
     */
    public static Optional<ConfigFileName> of(String fileName, String shownAs) {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(shownAs, "shownAs");
        if (!isConfiguration(fileName)) {
            return Optional.empty();
        }
        String stem = fileName.substring(0, fileName.length() - SUFFIX.length());
        if (stem.equals("daemon")) {
            return Optional.of(new ConfigFileName(DAEMON_PID, "", ""));
        }
        if (stem.isEmpty()) {
            throw invalid(shownAs, "the PID is empty");
        }
        for (int i = 0; i < stem.length(); i++) {
            char c = stem.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                throw invalid(shownAs, "the name holds whitespace or a control character (U+"
                        + String.format("%04X", (int) c) + ") at position " + (i + 1));
            }
            if (c == '/' || c == '\\') {
                throw invalid(shownAs, "the name holds '" + c + "' at position " + (i + 1));
            }
        }
        int tilde = stem.indexOf('~');
        if (tilde < 0) {
            return Optional.of(new ConfigFileName(stem, "", ""));
        }
        String factoryPid = stem.substring(0, tilde);
        String name = stem.substring(tilde + 1);
        if (name.indexOf('~') >= 0) {
            throw invalid(shownAs, "the name holds more than one '~'; only the first separates factory PID and name");
        }
        if (factoryPid.isEmpty() && name.isEmpty()) {
            throw invalid(shownAs, "the factory PID and the name are empty");
        }
        if (factoryPid.isEmpty()) {
            throw invalid(shownAs, "the factory PID (before '~') is empty");
        }
        if (name.isEmpty()) {
            throw invalid(shownAs, "the factory configuration's name (after '~') is empty");
        }
        return Optional.of(new ConfigFileName(stem, factoryPid, name));
    }

    /**
     * Whether a file is meant as configuration: its name ends in {@code .toml} and it is neither
     * hidden (starting with {@code .}, except the name {@code .toml} itself, which is refused by
     * {@link #of}) nor an editor's temporary or backup (starting with {@code #}, ending in {@code ~},
     * {@code #}, {@code .swp}, {@code .swx} or {@code .tmp}). A name that is meant as configuration
     * may still be refused by {@link #of}.
     *
     * @param fileName a file's name, without folder
     * @return {@code true} when {@link #of} returns a configuration or throws {@link Invalid}
     */
    public static boolean isConfiguration(String fileName) {
        Objects.requireNonNull(fileName, "fileName");
        if (!fileName.endsWith(SUFFIX)) {
            // also covers x.toml~, #x.toml#, .x.toml.swp, x.tmp, x.toml.tmp
            return false;
        }
        if (fileName.equals(SUFFIX)) {
            return true; // an empty PID: a mistake to report, not a hidden file to skip
        }
        return !fileName.startsWith(".") && !fileName.startsWith("#");
    }

    private static Invalid invalid(String shownAs, String what) {
        return new Invalid(new ConfigProblem(shownAs, 0, 0, "", what + ": " + VALID));
    }

    /** @return the full PID */
    @Override
    public String toString() {
        return pid;
    }

    /**
     * A file meant as configuration whose name gives no valid PID.
     */
    public static final class Invalid extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        private final transient ConfigProblem problem;

        Invalid(ConfigProblem problem) {
            super(problem.toString());
            this.problem = problem;
        }

        /** @return the problem: the file (as shown), no position, no key, what is wrong and what is valid */
        public ConfigProblem problem() {
            return problem;
        }
    }
}
