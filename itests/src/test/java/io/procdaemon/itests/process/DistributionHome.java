package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private copy of the unpacked distribution in a fresh temporary folder, and the means to drive
 * it as an operator does: run {@code bin/proc-daemon} commands, send signals with {@code kill},
 * read the log, drop files into {@code deploy/}.
 *
 * <p>Every daemon process this home has seen (pids from {@code data/daemon.pid},
 * {@code data/daemon.ready}, the output of {@code start}, and foreground processes) is killed with
 * {@code kill -9} by {@link #close()}, so a failing test never leaves a JVM behind.
 *
 * <p>Waits poll a condition until {@link #BOUND}; the bound only turns a hang into a failure, it
 * is never a timing assertion.
 */
final class DistributionHome implements AutoCloseable {

    /** Upper bound on every wait: a broken build fails instead of hanging. */
    static final Duration BOUND = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 20;
    private static final Pattern STARTED_PID = Pattern.compile("proc-daemon started \\(pid (\\d+)");

    private final Path root;
    private final Path home;
    /** The home as the launcher names it in the daemon's command line ({@code pwd -P}). */
    private final String daemonHomeOption;
    private final Set<Long> daemonPids = new LinkedHashSet<>();
    private final List<Process> processes = new ArrayList<>();
    private int outputs;

    private DistributionHome(Path root, Path home) throws IOException {
        this.root = root;
        this.home = home;
        this.daemonHomeOption = "-Dproc-daemon.home=" + home.toRealPath() + " ";
    }

    /** Copies the distribution (with its file modes) into a new temporary folder. */
    static DistributionHome create() throws IOException {
        String property = System.getProperty("procdaemon.distribution");
        if (property == null) {
            throw new IllegalStateException("system property procdaemon.distribution is not set; run the tests with Maven");
        }
        Path source = Path.of(property);
        if (!Files.isExecutable(source.resolve("bin/proc-daemon"))) {
            throw new IllegalStateException("no executable bin/proc-daemon in " + source);
        }
        Path root = Files.createTempDirectory("proc-daemon-it-");
        Path home = root.resolve("home");
        copyTree(source, home);
        return new DistributionHome(root, home);
    }

    /** @return the examples bundle (a real DS bundle, BSN io.procdaemon.examples) */
    static Path examplesJar() {
        return fixtureJar("proc-daemon-examples.jar");
    }

    /** @return a jar that Maven copied into the fixtures folder (itests/pom.xml, copy-fixtures) */
    static Path fixtureJar(String name) {
        String fixtures = System.getProperty("procdaemon.fixtures");
        if (fixtures == null) {
            throw new IllegalStateException("system property procdaemon.fixtures is not set; run the tests with Maven");
        }
        return Path.of(fixtures, name);
    }

    Path home() {
        return home;
    }

    /** @return a path inside the home */
    Path path(String relative) {
        return home.resolve(relative);
    }

    /** @return a path in the temporary folder, outside the home */
    Path scratch(String name) {
        return root.resolve(name);
    }

    // --- launcher commands ----------------------------------------------------------------------

    /** The outcome of a launcher command that ran to its end. */
    record Result(String command, int exitCode, String output) {

        /** Fails, showing the output, unless the exit code is {@code expected}. */
        Result assertExit(int expected) {
            assertEquals("exit code of '" + command + "'; output:\n" + output, expected, exitCode);
            return this;
        }
    }

    /** Runs {@code bin/proc-daemon <args>} to its end, stdout and stderr merged. */
    Result launcher(String... args) throws IOException, InterruptedException {
        return launcher(Map.of(), args);
    }

    /**
     * Runs {@code bin/proc-daemon <args>} to its end (bounded), with {@code env} added to the
     * environment (a value of {@code null} removes the variable). Output goes through a file, not a
     * pipe, so a daemon detached by {@code start} can never hold it open.
     */
    Result launcher(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path output = nextOutputFile(args.length == 0 ? "none" : args[0]);
        Process process = newLauncher(env, output, args).start();
        String command = "bin/proc-daemon " + String.join(" ", args);
        if (!process.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("'" + command + "' did not end within " + BOUND + "; output:\n" + read(output));
        }
        String text = read(output);
        Matcher started = STARTED_PID.matcher(text);
        if (started.find()) {
            daemonPids.add(Long.parseLong(started.group(1)));
        }
        rememberDaemonPids();
        return new Result(command, process.exitValue(), text);
    }

    /** Starts {@code bin/proc-daemon run} in the foreground (the script execs java, so its pid is the daemon's). */
    Foreground runInForeground(Map<String, String> env) throws IOException {
        Path output = nextOutputFile("run");
        Process process = newLauncher(env, output, "run").start();
        processes.add(process);
        daemonPids.add(process.pid());
        return new Foreground(process, output);
    }

    /** A daemon in the foreground: its own process, its console output in a file. */
    final class Foreground {
        private final Process process;
        private final Path output;

        Foreground(Process process, Path output) {
            this.process = process;
            this.output = output;
        }

        long pid() {
            return process.pid();
        }

        String output() {
            return read(output);
        }

        /** Waits for a line containing {@code text} in the console output. */
        String awaitLine(String text) {
            return awaitLogLine("console output of 'run'", this::output, text);
        }

        /** Waits (bounded) for the process to end. @return its exit code */
        int awaitExit() throws InterruptedException {
            if (!process.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("'bin/proc-daemon run' (pid " + pid() + ") did not exit within " + BOUND + "; output:\n" + output());
            }
            return process.exitValue();
        }

        /**
         * Waits until the launcher holds the instance lock: data/daemon.pid holds its pid. That is
         * within the first instants of the JVM's Main, long before the framework is ready.
         */
        void awaitPidFile() {
            await("data/daemon.pid holding pid " + pid(), () -> Long.toString(pid()).equals(readTrimmed("data/daemon.pid")),
                    this::output);
        }

        /** @return whether the process is still alive */
        boolean isAlive() {
            return process.isAlive();
        }

        /** Waits until the output has a line containing {@code text} or the process has ended. */
        void awaitLineOrExit(String text) {
            await("a line '" + text + "' in the console output of 'run', or its end",
                    () -> firstLine(output(), text) != null || !process.isAlive(), this::output);
        }

        /** Waits until the daemon is ready: data/daemon.ready holds its pid. */
        void awaitReady() {
            await("data/daemon.ready holding pid " + pid(), () -> Long.toString(pid()).equals(readTrimmed("data/daemon.ready")),
                    this::output);
        }
    }

    /**
     * Starts {@code bin/proc-daemon <args>} without waiting for it, with standard input a pipe the
     * test writes to, output (merged) in a file. Killed at {@link #close()} if still running.
     *
     * @param wrapper words put before the launcher, e.g. {@code script -qfec} to give it a terminal
     *        (then the launcher and its arguments are passed as one word)
     */
    Spawned spawn(List<String> wrapper, String... args) throws IOException {
        Path output = nextOutputFile("spawn-" + (args.length == 0 ? "none" : args[0]));
        ProcessBuilder builder = newLauncher(Map.of("TERM", "xterm"), output, args);
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        if (!wrapper.isEmpty()) {
            List<String> command = new ArrayList<>(wrapper);
            command.add(String.join(" ", builder.command()));
            command.add("/dev/null");
            builder.command(command);
        }
        Process process = builder.start();
        processes.add(process);
        return new Spawned(process, output);
    }

    /** A launcher command running in the background of a test. */
    record Spawned(Process process, Path outputFile) {
        String output() {
            return read(outputFile);
        }

        /** Writes to its standard input. */
        void type(String text) throws IOException {
            process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }

        String awaitLine(String text) {
            return awaitLogLine("output of the spawned launcher", this::output, text);
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("spawned launcher (pid " + process.pid() + ") did not exit within " + BOUND + "; output:\n" + output());
            }
            return process.exitValue();
        }
    }

    private ProcessBuilder newLauncher(Map<String, String> env, Path output, String... args) {
        List<String> command = new ArrayList<>();
        // As from a terminal or systemd: INT and QUIT at their default disposition, even if this
        // test JVM inherited them ignored (a build started as a shell's background job). The JVM
        // cannot handle a signal that was ignored when it started.
        command.addAll(List.of("env", "--default-signal=INT,QUIT"));
        command.add(home.resolve("bin/proc-daemon").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
        builder.redirectErrorStream(true);
        builder.redirectOutput(output.toFile());
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> environment = builder.environment();
        // The tests decide these; the surrounding shell must not.
        environment.remove("JAVA_OPTS");
        environment.remove("PROC_DAEMON_HOME");
        env.forEach((key, value) -> {
            if (value == null) {
                environment.remove(key);
            } else {
                environment.put(key, value);
            }
        });
        return builder;
    }

    private Path nextOutputFile(String what) {
        return root.resolve("output-" + (++outputs) + "-" + what + ".txt");
    }

    // --- processes and signals ------------------------------------------------------------------

    /** Sends a signal with the {@code kill} command, which must succeed. */
    static void kill(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals("kill -" + signal + " " + pid + ": " + output, 0, kill.waitFor());
    }

    /** @return whether the process runs: it exists and is not a zombie (one that has exited but was not reaped) */
    static boolean isRunning(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("State:")) {
                    return !line.substring("State:".length()).strip().startsWith("Z");
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until the process has exited (a zombie counts as exited). */
    void awaitExited(long pid) {
        await("process " + pid + " to exit", () -> !isRunning(pid), this::log);
    }

    /** @return the pid in a file of the home (trimmed), or {@code null} if there is no such file */
    String readTrimmed(String relative) {
        try {
            return Files.readString(home.resolve(relative), StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records the pids the daemon's files name, so {@link #close()} can kill them. */
    void rememberDaemonPids() {
        for (String file : List.of("data/daemon.pid", "data/daemon.ready")) {
            String pid = readTrimmed(file);
            if (pid != null && pid.matches("\\d+")) {
                daemonPids.add(Long.parseLong(pid));
            }
        }
    }

    /** Remembers a daemon pid the test learned otherwise. */
    void rememberDaemonPid(long pid) {
        daemonPids.add(pid);
    }

    // --- log ------------------------------------------------------------------------------------

    /** @return log/proc-daemon.log (what {@code start} writes), or "" before it exists */
    String log() {
        return read(home.resolve("log/proc-daemon.log"));
    }

    /** Waits for a line of log/proc-daemon.log containing {@code text}. @return that line */
    String awaitLogLine(String text) {
        return awaitLogLine("log/proc-daemon.log", this::log, text);
    }

    /** Waits for a line of {@code source} containing {@code text}. @return the first such line */
    static String awaitLogLine(String what, Supplier<String> source, String text) {
        String[] found = new String[1];
        await("a line containing '" + text + "' in " + what, () -> {
            found[0] = firstLine(source.get(), text);
            return found[0] != null;
        }, source);
        return found[0];
    }

    /** @return the first line of {@code log} containing {@code text}, or {@code null} */
    static String firstLine(String log, String text) {
        return log.lines().filter(line -> line.contains(text)).findFirst().orElse(null);
    }

    /** @return how many lines of {@code log} contain {@code text} */
    static long countLines(String log, String text) {
        return log.lines().filter(line -> line.contains(text)).count();
    }

    /** Polls {@code condition} until it holds; on {@link #BOUND} fails showing {@code context}. */
    static void await(String description, BooleanSupplier condition, Supplier<String> context) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("waited " + BOUND.toSeconds() + " s for " + description + "; got:\n" + context.get());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + description, e);
            }
        }
    }

    /**
     * Runs {@code bin/proc-daemon client <command...>} to its end, as {@link #launcher(String...)};
     * for use inside conditions (no checked exceptions).
     */
    Result client(String... command) {
        String[] args = new String[command.length + 1];
        args[0] = "client";
        System.arraycopy(command, 0, args, 1, command.length);
        try {
            return launcher(args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", args), e);
        }
    }

    /**
     * Fails unless {@code promtool check metrics} (Debian's {@code prometheus} package; .ci/run
     * installs it) accepts {@code metrics} with exit code 0 and not a single complaint.
     */
    void assertPromtoolAccepts(String metrics) throws IOException, InterruptedException {
        Path file = Files.createTempFile(root, "metrics-", ".prom");
        Files.writeString(file, metrics);
        Path report = Files.createTempFile(root, "promtool-", ".out");
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile())
                .redirectErrorStream(true).redirectOutput(report.toFile()).start();
        if (!promtool.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
            promtool.destroyForcibly();
            fail("promtool check metrics did not end within " + BOUND);
        }
        String complaints = Files.readString(report, StandardCharsets.UTF_8);
        assertEquals("promtool check metrics: " + complaints + "\non:\n" + metrics, 0, promtool.exitValue());
        assertEquals("", complaints.strip());
    }

    // --- deploy/ --------------------------------------------------------------------------------

    /**
     * Puts a jar into deploy/ as operators are told to: written under a hidden name (which
     * FileInstall ignores), then renamed into place in one step, replacing any file of that name.
     */
    Path deploy(String name, InputStream content) throws IOException {
        Path deploy = home.resolve("deploy");
        Path hidden = deploy.resolve("." + name);
        try (content) {
            Files.copy(content, hidden, StandardCopyOption.REPLACE_EXISTING);
        }
        return Files.move(hidden, deploy.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    Path deploy(String name, Path jar) throws IOException {
        return deploy(name, Files.newInputStream(jar));
    }

    // --- cleanup --------------------------------------------------------------------------------

    /** Kills (-9) every daemon this home has seen, then deletes the temporary folder. */
    @Override
    public void close() throws IOException {
        rememberDaemonPids();
        for (long pid : daemonPids) {
            // Only a process of this home: a pid may have been reused since.
            if (isRunning(pid) && commandLine(pid).contains(daemonHomeOption)) {
                try {
                    kill("KILL", pid);
                } catch (IOException | InterruptedException | AssertionError e) {
                    // Gone in between.
                }
            }
        }
        for (Process process : processes) {
            process.destroyForcibly();
        }
        for (long pid : daemonPids) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (isRunning(pid) && commandLine(pid).contains(daemonHomeOption)
                    && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        deleteTree(root);
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    // --- files ----------------------------------------------------------------------------------

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, target.resolve(source.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
