package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.Test;

/**
 * The attached shell of the packaged distribution, driven the way operators drive it:
 * {@code bin/proc-daemon client} against a daemon started with {@code bin/proc-daemon start}, and
 * {@code bin/proc-daemon console} on a pseudo-terminal.
 */
public class ShellProcessTest extends ProcessTestSupport {

    private Path socket() {
        return home.path("data/run/daemon.sock");
    }

    /** The shell starts just after readiness, so its socket follows 'start' by a moment. */
    private void awaitSocket() {
        DistributionHome.await("the shell socket " + socket(), () -> Files.exists(socket()), home::log);
    }

    private DistributionHome.Result client(String... command) throws Exception {
        String[] args = new String[command.length + 1];
        args[0] = "client";
        System.arraycopy(command, 0, args, 1, command.length);
        return home.launcher(args);
    }

    private void startWithExamples() throws Exception {
        home.deploy("examples.jar", DistributionHome.examplesJar());
        home.launcher("start").assertExit(OK);
        home.awaitLogLine("subsystem=heartbeat id=");
    }

    @Test
    public void clientListsStopsStartsAndRestartsSubsystems() throws Exception {
        startWithExamples();
        DistributionHome.Result list = client("daemon:list").assertExit(OK);
        assertTrue(list.output(), list.output().startsWith("NAME"));
        for (String name : List.of("clock", "flaky", "heartbeat", "reporter")) {
            assertTrue(list.output(), list.output().lines().anyMatch(line -> line.startsWith(name + " ")));
        }

        String stopped = client("daemon:stop", "clock").assertExit(OK).output();
        assertTrue(stopped, stopped.contains("clock stopped: STOPPED (held by operator)"));
        String held = client("daemon:list").assertExit(OK).output();
        assertTrue(held, held.lines().anyMatch(line -> line.startsWith("clock") && line.contains("STOPPED (held by operator)")));

        client("daemon:start", "clock").assertExit(OK);
        home.awaitLogLine("subsystem=clock context=operator reason=\"start requested\"");
        String restarted = client("daemon:restart", "heartbeat").assertExit(OK).output();
        assertTrue(restarted, restarted.contains("heartbeat restarted"));
        String info = client("daemon:info", "heartbeat").assertExit(OK).output();
        assertTrue(info, info.contains("restarted by operator"));

        String unknown = client("daemon:info", "htp").assertExit(1).output();
        assertTrue(unknown, unknown.contains("no subsystem 'htp'; known: clock, flaky, heartbeat, reporter"));
        String typo = client("daemon:lst").assertExit(1).output();
        assertTrue(typo, typo.contains("no command 'daemon:lst'; did you mean: daemon:list,"));
        String status = client("daemon:status").assertExit(OK).output();
        assertTrue(status, status.contains("pid         " + home.readTrimmed("data/daemon.pid")));

        // Unscoped start and stop are Gogo's bundle commands, as in any Gogo shell.
        String bundles = client("lb").assertExit(OK).output();
        String examples = bundles.lines().filter(line -> line.contains("proc-daemon examples")).findFirst().orElseThrow();
        String id = examples.split("\\|")[0].strip();
        client("stop", id).assertExit(OK);
        assertTrue(client("lb").output(), client("lb").output().lines()
                .anyMatch(line -> line.contains("proc-daemon examples") && line.contains("Resolved")));
        client("start", id).assertExit(OK);
        assertTrue(client("lb").output().lines().anyMatch(line -> line.contains("proc-daemon examples") && line.contains("Active")));
    }

    /**
     * The shell for people (issue 13): usage instead of Gogo's internals, a grouped help, and a
     * reload that says what it refused, as config:list and daemon:status do after it.
     */
    @Test
    public void theShellSpeaksToPeopleUsageHelpAndWhatAReloadRefused() throws Exception {
        Path app = home.path("etc/org.acme.app.toml");
        Files.writeString(app, "greeting = \"hi\"\n");
        startWithExamples();
        for (String[] command : List.of(new String[] {"daemon:info"}, new String[] {"daemon:info", "a", "b"})) {
            String wrong = client(command).assertExit(1).output();
            assertTrue(wrong, wrong.contains("Error: daemon:info: wrong arguments in '" + String.join(" ", command)
                    + "'; usage: daemon:info <name>"));
            assertFalse(wrong, wrong.contains("Cannot coerce") || wrong.contains("'lb' the bundle ids"));
        }
        String stop = client("stop", "heartbeat").assertExit(1).output();
        assertTrue(stop, stop.contains("'heartbeat' is a subsystem, not a bundle: did you mean 'daemon:stop heartbeat'?"));
        // Gogo's start would read the name as a location to install from ("no protocol") and exit 0.
        String start = client("start", "heartbeat").assertExit(1).output();
        assertTrue(start, start.contains("'heartbeat' is a subsystem, not a bundle: did you mean 'daemon:start heartbeat'?"));
        String nothing = client("start", "nosuchbundle").assertExit(1).output();
        assertTrue(nothing, nothing.contains("no bundle 'nosuchbundle': felix:start takes a bundle's id or symbolic name"));
        String noBundle = client("uninstall", "999").assertExit(1).output();
        assertTrue(noBundle, noBundle.contains("no bundle with id 999: felix:uninstall takes a bundle's id or symbolic name"));

        List<String> help = client("help").assertExit(OK).output().lines().toList();
        int daemon = help.indexOf("daemon:");
        int config = help.indexOf("config:");
        int log = help.indexOf("log:");
        int gogo = help.indexOf("Gogo's and the framework's:");
        assertTrue(String.join("\n", help), 0 < daemon && daemon < config && config < log && log < gogo);
        assertTrue(String.join("\n", help), help.stream().anyMatch(line -> line.matches(
                "  daemon:list +one row per subsystem: name, state, restarts, uptime, restart policy, last error")));
        String usage = client("help", "daemon:events").assertExit(OK).output();
        assertTrue(usage, usage.contains("usage: daemon:events [-f] [-n <lines>]"));
        assertTrue(usage, usage.contains("-n, --lines <lines>"));

        String clean = client("daemon:reload").assertExit(OK).output();
        assertTrue(clean, clean.contains(" 0 refused"));
        Files.writeString(app, "greeting = \"hello\"\nratio = nan\n");
        String refused = client("daemon:reload").assertExit(1).output();
        assertTrue(refused, refused.contains("refused    etc/org.acme.app.toml (its last good configuration is kept):"));
        assertTrue(refused, refused.contains("etc/org.acme.app.toml line 2, column 1, key 'ratio': "));
        assertEquals("\"hi\"", client("config:get", "org.acme.app", "greeting").assertExit(OK).output().strip());
        String list = client("config:list").assertExit(OK).output();
        assertTrue(list, list.lines().anyMatch(line -> line.startsWith("org.acme.app ") && line.contains("etc/org.acme.app.toml (refused)")));
        assertTrue(list, list.contains("refused: etc/org.acme.app.toml line 2"));
        String status = client("daemon:status").assertExit(OK).output();
        assertTrue(status, status.contains("refused: etc/org.acme.app.toml (their last good configuration is kept"));
    }

    @Test
    public void aRuntimeEditIsWrittenBackKeepingCommentsAndSurvivesARestart() throws Exception {
        List<String> before = Files.readAllLines(home.path("etc/daemon.toml"));
        home.launcher("start").assertExit(OK);
        String set = client("config:set", "io.procdaemon.daemon", "shutdown.graceful", "4000").assertExit(OK).output();
        assertTrue(set, set.contains("shutdown.graceful = 4000"));
        home.awaitLogLine("shutdown timeouts set: graceful=4000ms");

        List<String> after = Files.readAllLines(home.path("etc/daemon.toml"));
        assertEquals("one line changed, nothing else", before.size(), after.size());
        int changed = 0;
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).equals(after.get(i))) {
                changed++;
                assertTrue(after.get(i), after.get(i).startsWith("graceful = 4000"));
            }
        }
        assertEquals(1, changed);

        String refused = client("config:set", "io.procdaemon.daemon", "shutdown.graceful", "99000").assertExit(1).output();
        assertTrue(refused, refused.contains("shutdown.graceful"));
        assertEquals("a refused edit leaves the file alone", after, Files.readAllLines(home.path("etc/daemon.toml")));

        home.launcher("stop").assertExit(OK);
        home.launcher("start").assertExit(OK);
        String value = client("config:get", "io.procdaemon.daemon", "shutdown.graceful").assertExit(OK).output();
        assertEquals("4000", value.strip());
        String status = client("daemon:status").assertExit(OK).output();
        assertTrue(status, status.contains("graceful 4000 ms"));
    }

    @Test
    public void valuesWithShellSyntaxArriveWholeAndRunNothingElse() throws Exception {
        Files.writeString(home.path("etc/org.acme.app.toml"), "# the greeting\ngreeting = \"hi\"\n");
        home.launcher("start").assertExit(OK);
        client("config:set", "org.acme.app", "greeting", "a|b").assertExit(OK);
        client("config:set", "org.acme.app", "motto", "x; daemon:shutdown").assertExit(OK);
        assertEquals("\"a|b\"", client("config:get", "org.acme.app", "greeting").assertExit(OK).output().strip());
        assertEquals("\"x; daemon:shutdown\"", client("config:get", "org.acme.app", "motto").assertExit(OK).output().strip());
        home.launcher("status").assertExit(OK);
        String file = Files.readString(home.path("etc/org.acme.app.toml"));
        assertTrue(file, file.startsWith("# the greeting\ngreeting = \"a|b\"\n"));
    }

    @Test
    public void aRuntimeEditBeatsTheEnvironmentAlsoAfterARestart() throws Exception {
        java.util.Map<String, String> env = java.util.Map.of("DAEMON_SHUTDOWN__GRACEFUL", "2000");
        home.launcher(env, "start").assertExit(OK);
        assertEquals("2000", client("config:get", "io.procdaemon.daemon", "shutdown.graceful").assertExit(OK).output().strip());
        String set = client("config:set", "io.procdaemon.daemon", "shutdown.graceful", "3000").assertExit(OK).output();
        assertTrue(set, set.contains("overrides DAEMON_SHUTDOWN__GRACEFUL=2000"));
        assertFalse("the environment's value never reaches the file",
                Files.readString(home.path("etc/daemon.toml")).contains("graceful = 2000"));

        home.launcher("stop").assertExit(OK);
        home.launcher(env, "start").assertExit(OK);
        assertEquals("3000", client("config:get", "io.procdaemon.daemon", "shutdown.graceful").assertExit(OK).output().strip());
        String status = client("daemon:status").assertExit(OK).output();
        assertTrue(status, status.contains("graceful 3000 ms"));
    }

    @Test
    public void theSocketIsPrivateAndANoDaemonClientGetsExit3() throws Exception {
        String none = client("daemon:list").assertExit(NOT_RUNNING).output();
        assertTrue(none, none.contains("proc-daemon: not running (no shell socket " + socket() + ")"));

        home.launcher("start").assertExit(OK);
        awaitSocket();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket().getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket())));

        home.launcher("stop").assertExit(OK);
        assertFalse("the socket is removed at exit", Files.exists(socket()));
        client("daemon:list").assertExit(NOT_RUNNING);
    }

    @Test
    public void aSocketMovedIntoAFolderOpenToOthersIsRefusedAndTheDaemonRunsOn() throws Exception {
        Path shared = home.scratch("shared");
        Files.createDirectories(shared);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.path("etc/config.properties"), "\nprocdaemon.shell.socket = " + shared.resolve("d.sock") + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        home.launcher("start").assertExit(OK);
        home.awaitLogLine("its folder " + shared + " is open to others (rwxr-xr-x)");
        assertEquals("the shared folder is left as it was", "rwxr-xr-x",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)));
        home.launcher("status").assertExit(OK);
    }

    @Test
    public void anotherUserIsRefusedByItsCredentialsEvenWhenThePermissionsWouldLetItIn() throws Exception {
        assumeTrue("needs root to act as another user", "root".equals(System.getProperty("user.name")));
        assumeTrue("needs setpriv (util-linux) and python3", Files.isExecutable(Path.of("/usr/bin/setpriv"))
                && Files.isExecutable(Path.of("/usr/bin/python3")));
        home.launcher("start").assertExit(OK);
        awaitSocket();
        // Open the door the permissions keep shut, so the daemon's own check is what refuses.
        for (Path p = socket().getParent(); !p.equals(p.getRoot()); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (p.equals(home.home().getParent())) {
                break;
            }
        }
        Files.setPosixFilePermissions(socket(), PosixFilePermissions.fromString("rw-rw-rw-"));
        Process other = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c",
                String.join("\n",
                        "import socket, sys",
                        "s = socket.socket(socket.AF_UNIX)",
                        "s.connect(sys.argv[1])",
                        // The daemon may refuse and close before HELLO is sent, as it may to
                        // the real client, which then reads the refusal too.
                        "try:",
                        "  s.sendall(b'H\\x00\\x00\\x00\\x13proc-daemon-shell/1')",
                        "except OSError:",
                        "  pass",
                        "data = b''",
                        "while True:",
                        "  chunk = s.recv(300)",
                        "  if not chunk: break",
                        "  data += chunk",
                        "sys.stdout.write(repr(data))"),
                socket().toString()).redirectErrorStream(true).start();
        String answer = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        other.waitFor();
        assertTrue(answer, answer.contains("only user root may use this daemon's shell"));
        home.awaitLogLine("attached shell: refused a connection from user nobody");
    }

    @Test
    public void idleSessionsTimeOutAndAClientRefusedAtTheLimitIsToldWhatToChange() throws Exception {
        Files.writeString(home.path("etc/config.properties"),
                "\nprocdaemon.shell.max.sessions = 3\nprocdaemon.shell.idle.timeout.ms = 5000\n",
                java.nio.file.StandardOpenOption.APPEND);
        startWithExamples();
        awaitSocket();
        // A session whose command runs (a follower) is busy, not idle: the timeout leaves it alone.
        DistributionHome.Spawned follower = home.spawn(List.of(), "client", "daemon:events", "-f");
        follower.awaitLine("heartbeat");
        List<SocketChannel> idle = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                idle.add(helloAndWait());
            }
            // Refused at once, in this JVM: a client JVM's start could outlast the idle timeout.
            String refused;
            try (SocketChannel fourth = connect()) {
                refused = readAll(fourth);
            }
            assertTrue(refused, refused.startsWith("X"));
            assertTrue(refused, refused.contains("3 of 3 shell sessions are open"));
            assertTrue(refused, refused.contains("procdaemon.shell.max.sessions"));
            assertTrue(refused, refused.contains("idle sessions are closed after 5 s"));
            home.awaitLogLine("attached shell: 3 of 3 sessions open (procdaemon.shell.max.sessions); one more refused");

            // The daemon closes both idle sessions on its own, saying why.
            for (SocketChannel channel : idle) {
                channel.configureBlocking(false);
                StringBuilder received = new StringBuilder();
                DistributionHome.await("the daemon closing an idle session", () -> readUntilEnd(channel, received),
                        received::toString);
                assertTrue(received.toString(), received.toString().contains("idle for 5 s"));
            }
            home.awaitLogLine("attached shell: closed the session of " + System.getProperty("user.name") + ", idle for 5 s (procdaemon.shell.idle.timeout.ms)");
            client("daemon:status").assertExit(OK);
            assertTrue("the follower outlived the idle timeout", follower.process().isAlive());
        } finally {
            for (SocketChannel channel : idle) {
                channel.close();
            }
        }
    }

    @Test
    public void aDataRunSymlinkToAWorldWritableFolderIsRefusedUntouchedAndTheDaemonRunsOn() throws Exception {
        Path shared = home.scratch("world-writable");
        Files.createDirectories(shared);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.createDirectories(home.path("data"));
        Files.createSymbolicLink(home.path("data/run"), shared);
        home.launcher("start").assertExit(OK);
        String refusal = home.awaitLogLine("attached shell disabled");
        assertTrue(refusal, refusal.contains(home.path("data/run") + " is a symbolic link"));
        assertTrue(refusal, refusal.contains("remove the link"));
        assertEquals("the folder behind the link keeps its mode", "rwxrwxrwx",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)));
        assertFalse("no socket in a folder others may write", Files.exists(shared.resolve("daemon.sock")));
        home.launcher("status").assertExit(OK);
        String client = client("daemon:list").assertExit(1).output();
        assertTrue(client, client.contains("the daemon runs (pid " + home.readTrimmed("data/daemon.pid")
                + ") but has no shell socket " + socket()));
    }

    @Test
    public void anotherUserBlockedByAClosedFolderIsToldPermissionDeniedNotNotRunning() throws Exception {
        assumeTrue("needs root to act as another user", "root".equals(System.getProperty("user.name")));
        assumeTrue("needs setpriv (util-linux)", Files.isExecutable(Path.of("/usr/bin/setpriv")));
        home.launcher("start").assertExit(OK);
        awaitSocket();
        // The home readable by others, but data/ closed (as a umask of 077 or the systemd
        // account's chown leave it): another user reaches neither data/run nor the socket.
        for (Path p = home.home(); ; p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (p.equals(home.home().getParent())) {
                break;
            }
        }
        Files.setPosixFilePermissions(home.path("data"), PosixFilePermissions.fromString("rwx------"));
        Path output = home.scratch("other-user-client.txt");
        Process other = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                home.path("bin/proc-daemon").toString(), "client", "daemon:list")
                .directory(home.home().toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertTrue("the other user's client ended", other.waitFor(DistributionHome.BOUND.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS));
        String text = Files.readString(output);
        assertEquals(text, 1, other.exitValue());
        assertTrue(text, text.contains("cannot reach " + socket() + ": permission denied on " + home.path("data")));
        assertFalse(text, text.contains("not running"));
    }

    /** Connects, says HELLO, reads the daemon's HELLO: an idle session. */
    private SocketChannel helloAndWait() throws IOException {
        SocketChannel channel = connect();
        byte[] magic = "proc-daemon-shell/1".getBytes(StandardCharsets.US_ASCII);
        channel.write(ByteBuffer.allocate(5 + magic.length).put((byte) 'H').putInt(magic.length).put(magic).flip());
        ByteBuffer header = ByteBuffer.allocate(5);
        while (header.hasRemaining() && channel.read(header) >= 0) {
            // the answer's type and length
        }
        assertEquals("the daemon's HELLO", 'H', (char) header.get(0));
        ByteBuffer rest = ByteBuffer.allocate(header.getInt(1));
        while (rest.hasRemaining() && channel.read(rest) >= 0) {
            // its payload
        }
        return channel;
    }

    /** Reads what is there (non-blocking); @return whether the daemon has closed the connection */
    private static boolean readUntilEnd(SocketChannel channel, StringBuilder received) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            int n;
            while ((n = channel.read(buffer.clear())) > 0) {
                received.append(new String(buffer.array(), 0, n, StandardCharsets.UTF_8));
            }
            return n < 0;
        } catch (IOException e) {
            return true; // reset by the daemon: closed as well
        }
    }

    @Test
    public void garbageHalfClosedAndVanishingClientsDoNotHarmTheDaemon() throws Exception {
        startWithExamples();
        try (SocketChannel garbage = connect()) {
            garbage.write(ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            String answer = readAll(garbage);
            assertTrue(answer, answer.startsWith("X") && answer.contains("at most"));
        }
        try (SocketChannel halfClosed = connect()) {
            halfClosed.shutdownOutput();
            assertEquals("closed without a word", "", readAll(halfClosed));
        }
        try (SocketChannel wrongHello = connect()) {
            byte[] hello = "not-a-shell/9".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer frame = ByteBuffer.allocate(5 + hello.length).put((byte) 'H').putInt(hello.length).put(hello).flip();
            wrongHello.write(frame);
            assertTrue(readAll(wrongHello).contains("not a proc-daemon shell client"));
        }
        connect().close(); // gone before saying anything

        // A client following events, killed mid-command: the daemon ends that command and goes on.
        DistributionHome.Spawned follower = home.spawn(List.of(), "client", "daemon:events", "-f");
        follower.awaitLine("heartbeat");
        DistributionHome.kill("KILL", follower.process().pid());
        follower.awaitExit();
        client("daemon:restart", "clock").assertExit(OK);
        client("daemon:status").assertExit(OK);
        assertEquals(home.log(), 0, DistributionHome.countLines(home.log(), "SEVERE"));
    }

    /** Ctrl-C is how an operator ends a follower: a normal end, exit 0, no "Error: interrupted". */
    @Test
    public void ctrlCEndingAFollowingCommandIsANormalEnd() throws Exception {
        startWithExamples();
        awaitSocket();
        DistributionHome.Spawned follower = home.spawn(List.of(), "client", "daemon:events", "-f");
        follower.awaitLine("heartbeat");
        DistributionHome.kill("INT", follower.process().pid());
        assertEquals(follower.output(), OK, follower.awaitExit());
        assertFalse(follower.output(), follower.output().contains("Error"));
        client("daemon:list").assertExit(OK);
    }

    @Test
    public void clientWithoutACommandRunsOneCommandPerLineFromAPipe() throws Exception {
        home.launcher("start").assertExit(OK);
        DistributionHome.Spawned session = home.spawn(List.of(), "client");
        session.type("daemon:status\n# a comment\nconfig:get io.procdaemon.daemon shutdown.kill\n");
        session.process().getOutputStream().close();
        assertEquals(0, session.awaitExit());
        assertTrue(session.output(), session.output().contains("health"));
        assertTrue(session.output(), session.output().lines().anyMatch(line -> line.strip().equals("15000")));
    }

    @Test
    public void consoleRunsCommandsOnTheTerminalAndExitStopsTheDaemonCleanly() throws Exception {
        assumeTrue("needs script (util-linux) for a pseudo-terminal", Files.isExecutable(Path.of("/usr/bin/script")));
        home.deploy("examples.jar", DistributionHome.examplesJar());
        DistributionHome.Spawned console = home.spawn(List.of("script", "-qfec"), "console");
        console.awaitLine("'exit' or Ctrl-D stops the daemon");
        console.awaitLine("subsystem=heartbeat id="); // the console is up before deploy/ has started
        awaitPrompt(console, 1);
        console.type("daemon:list\r");
        console.awaitLine("LAST ERROR");
        awaitPrompt(console, 2);
        console.type("daemon:nope\r");
        console.awaitLine("Error: no command 'daemon:nope'");
        awaitPrompt(console, 3);

        console.type("exit\r");
        assertEquals(console.output(), 0, console.awaitExit());
        assertTrue(console.output(), console.output().contains("proc-daemon stopped; exit code 0"));
    }

    @Test
    public void theInteractiveClientCompletesASubsystemNameWithTab() throws Exception {
        assumeTrue("needs script (util-linux) for a pseudo-terminal", Files.isExecutable(Path.of("/usr/bin/script")));
        startWithExamples();
        DistributionHome.Spawned session = home.spawn(List.of("script", "-qfec"), "client");
        session.awaitLine("'exit' or Ctrl-D leaves");
        awaitPrompt(session, 1);
        session.type("daemon:info cl\t\r");
        session.awaitLine("policy      onFailure");
        assertTrue(session.output(), session.output().contains("name        clock"));
        awaitPrompt(session, 2);
        session.type("exit\r");
        assertEquals(session.output(), 0, session.awaitExit());
        home.launcher("status").assertExit(OK);
    }

    @Test
    public void updatingTheShellUnderTheConsoleRestartsTheConsoleNotTheDaemon() throws Exception {
        assumeTrue("needs script (util-linux) for a pseudo-terminal", Files.isExecutable(Path.of("/usr/bin/script")));
        DistributionHome.Spawned console = home.spawn(List.of("script", "-qfec"), "console");
        console.awaitLine("'exit' or Ctrl-D stops the daemon");
        awaitPrompt(console, 1);
        String shell = client("lb").assertExit(OK).output().lines().filter(line -> line.contains("proc-daemon shell"))
                .findFirst().orElseThrow();
        // The client asking for the update loses its connection with the old shell: its exit code does not matter.
        client("update", shell.split("\\|")[0].strip());
        DistributionHome.await("the console back after the update",
                () -> console.output().split("'exit' or Ctrl-D stops the daemon", -1).length > 2, console::output);
        console.awaitLine("restarted: io.procdaemon.shell");
        home.launcher("status").assertExit(OK);
        assertFalse(console.output(), console.output().contains("shutdown initiated"));
        DistributionHome.kill("TERM", Long.parseLong(home.readTrimmed("data/daemon.pid")));
        assertEquals(console.output(), 0, console.awaitExit());
    }

    /**
     * Waits for the console's {@code count}th prompt: JLine turns on bracketed paste each time it
     * starts reading a line. Typing earlier can be lost when JLine switches the terminal to raw mode.
     */
    private static void awaitPrompt(DistributionHome.Spawned console, int count) {
        DistributionHome.await("prompt number " + count, () -> console.output().split("\u001b\\[\\?2004h", -1).length > count,
                console::output);
    }

    private SocketChannel connect() throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket()));
        return channel;
    }

    /** Reads until the daemon closes the connection (bounded by the daemon, which closes bad ones at once). */
    private static String readAll(SocketChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (channel.read(buffer) >= 0 && buffer.hasRemaining()) {
            // keep reading
        }
        buffer.flip();
        return StandardCharsets.UTF_8.decode(buffer).toString();
    }
}
