package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.After;
import org.junit.Test;

/**
 * systemd's notify protocol, spoken by the tarball to a listener that stands in for systemd: a Unix
 * datagram socket at {@code $NOTIFY_SOCKET} (in Python, since the JDK can neither send to nor
 * receive from one). No systemd is needed to test a protocol: what systemd reads is what arrives.
 */
public class SystemdNotifyProcessTest extends ProcessTestSupport {

    /** Prints each datagram on one line, its VARIABLE=value lines joined with '|'. */
    private static final String LISTENER = String.join("\n",
            "import os, socket, sys",
            "path = sys.argv[1]",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "s.bind('\\0' + path[1:] if path.startswith('@') else path)",
            "print('listening', flush=True)",
            "while True:",
            "    data = s.recv(65536)",
            "    print(data.decode().strip().replace('\\n', '|'), flush=True)",
            "");

    private final List<Process> listeners = new ArrayList<>();

    @After
    public void stopListeners() {
        listeners.forEach(Process::destroyForcibly);
    }

    @Test
    public void readyWatchdogReloadingAndStoppingArriveInOrderOnAnAbstractSocket() throws Exception {
        String socket = "@procdaemon-test-" + UUID.randomUUID();
        Path received = listen(socket);
        // Pings every 250 ms, after the supervisor's loop has answered.
        DistributionHome.Foreground daemon = home.runInForeground(Map.of("NOTIFY_SOCKET", socket,
                "WATCHDOG_USEC", "500000"));
        daemon.awaitReady();
        String ready = awaitMessage(received, "READY=1", 1, daemon);
        assertTrue(ready, ready.contains("STATUS=ready: "));
        awaitMessage(received, "WATCHDOG=1", 3, daemon);

        DistributionHome.kill("HUP", daemon.pid());
        awaitMessage(received, "RELOADING=1", 1, daemon);
        awaitMessage(received, "READY=1", 2, daemon);

        DistributionHome.kill("TERM", daemon.pid());
        awaitMessage(received, "STOPPING=1", 1, daemon);
        assertEquals(daemon.output(), OK, daemon.awaitExit());

        List<String> messages = messages(received);
        int firstReady = indexOf(messages, "READY=1", 1);
        int reloading = indexOf(messages, "RELOADING=1", 1);
        int secondReady = indexOf(messages, "READY=1", 2);
        int stopping = indexOf(messages, "STOPPING=1", 1);
        assertTrue(messages.toString(), firstReady < reloading && reloading < secondReady && secondReady < stopping);
        assertTrue(messages.get(reloading), messages.get(reloading).matches(".*\\|MONOTONIC_USEC=\\d+\\|.*"));
        assertTrue("no ping after STOPPING=1: " + messages,
                messages.subList(stopping, messages.size()).stream().noneMatch(m -> m.contains("WATCHDOG=1")));
        assertTrue(daemon.output(), daemon.output().contains("notifying the service manager at NOTIFY_SOCKET=" + socket));
    }

    /**
     * READY=1 means what {@code start} means (docs/operations.md, "What ready means"): the bundles
     * deploy/ held at boot have started, so the status line sent with it already counts their
     * subsystems. Before, READY=1 came with "ready: no subsystems".
     */
    @Test
    public void readyIsSentOnceTheBundlesOfDeployHaveStarted() throws Exception {
        home.deploy("examples.jar", DistributionHome.examplesJar());
        String socket = "@procdaemon-test-" + UUID.randomUUID();
        Path received = listen(socket);
        DistributionHome.Foreground daemon = home.runInForeground(Map.of("NOTIFY_SOCKET", socket));
        daemon.awaitReady();
        String ready = awaitMessage(received, "READY=1", 1, daemon);
        assertTrue(ready, ready.contains("STATUS=ready: ") && !ready.contains("no subsystems"));
        DistributionHome.kill("TERM", daemon.pid());
        assertEquals(daemon.output(), OK, daemon.awaitExit());
    }

    /**
     * The supervisor's own thread frozen for real, through the JVM's debugger interface (JDWP and
     * JDI, as a debugger would): the process lives on, every other thread runs, and the pings stop,
     * so systemd would restart it; they resume once the thread runs again.
     */
    @Test
    public void aFrozenSupervisorStopsThePingsAndTheyResumeWhenItAnswersAgain() throws Exception {
        String socket = "@procdaemon-test-" + UUID.randomUUID();
        Path received = listen(socket);
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        // Subsystems that keep the supervisor's loop at work, whatever the watchdog does.
        home.deploy("examples.jar", DistributionHome.examplesJar());
        DistributionHome.Foreground daemon = home.runInForeground(Map.of("NOTIFY_SOCKET", socket,
                "WATCHDOG_USEC", "400000",
                "JAVA_OPTS", "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:" + port));
        daemon.awaitReady();
        daemon.awaitLine("subsystem=heartbeat");
        awaitMessage(received, "WATCHDOG=1", 2, daemon);

        com.sun.jdi.VirtualMachine debugger = attach(port);
        try {
            com.sun.jdi.ThreadReference supervisor = debugger.allThreads().stream()
                    .filter(thread -> thread.name().equals("procdaemon-supervisor")).findFirst()
                    .orElseThrow(() -> new AssertionError("no thread procdaemon-supervisor"));
            supervisor.suspend();
            // Logged by the tick that found the loop silent, instead of its ping.
            daemon.awaitLine("the supervisor did not answer within 100 ms: watchdog pings withheld");
            int pingsWhenWithheld = count(messages(received), "WATCHDOG=1");
            supervisor.resume();
            String recovered = daemon.awaitLine("the supervisor answers again after ");
            assertTrue(recovered, recovered.matches(".*after [1-9]\\d* withheld ping\\(s\\): watchdog pings resume.*"));
            // Every tick while the thread was frozen withheld its ping: the count rose by no more
            // than the one tick that may have been under way when the thread stopped.
            List<String> afterRecovery = messages(received);
            assertTrue(afterRecovery.toString(), count(afterRecovery, "WATCHDOG=1") <= pingsWhenWithheld + 1);
            awaitMessage(received, "WATCHDOG=1", pingsWhenWithheld + 2, daemon);
        } finally {
            debugger.dispose();
        }
        DistributionHome.kill("TERM", daemon.pid());
        assertEquals(daemon.output(), OK, daemon.awaitExit());
    }

    @Test
    public void aSocketInTheFileSystemWorksAndNoWatchdogIsPingedWithoutWatchdogUsec() throws Exception {
        Path directory = Files.createTempDirectory("pdn");
        String socket = directory.resolve("notify").toString();
        Path received = listen(socket);
        DistributionHome.Foreground daemon = home.runInForeground(Map.of("NOTIFY_SOCKET", socket));
        daemon.awaitReady();
        awaitMessage(received, "READY=1", 1, daemon);
        DistributionHome.kill("TERM", daemon.pid());
        awaitMessage(received, "STOPPING=1", 1, daemon);
        assertEquals(daemon.output(), OK, daemon.awaitExit());
        assertTrue(messages(received).toString(), messages(received).stream().noneMatch(m -> m.contains("WATCHDOG=1")));
        assertTrue(daemon.output(), daemon.output().contains("no watchdog (WATCHDOG_USEC not set)"));
    }

    @Test
    public void withoutNotifySocketNothingIsSentAndNothingIsSaid() throws Exception {
        DistributionHome.Foreground daemon = home.runInForeground(Map.of());
        daemon.awaitReady();
        DistributionHome.kill("TERM", daemon.pid());
        assertEquals(daemon.output(), OK, daemon.awaitExit());
        assertTrue(daemon.output(), !daemon.output().contains("NOTIFY_SOCKET"));
    }

    /** Starts the listener; returns the file its lines go to, once it is bound. */
    private Path listen(String socket) throws IOException {
        Path script = Files.createTempFile("notify-listener", ".py");
        Files.writeString(script, LISTENER, StandardCharsets.UTF_8);
        Path output = Files.createTempFile("notify-received", ".txt");
        Process process = new ProcessBuilder("python3", script.toString(), socket)
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        listeners.add(process);
        DistributionHome.await("the listener bound to " + socket,
                () -> DistributionHome.read(output).startsWith("listening"), () -> DistributionHome.read(output));
        return output;
    }

    private static List<String> messages(Path received) {
        List<String> lines = new ArrayList<>(List.of(DistributionHome.read(received).split("\n")));
        lines.remove(0); // 'listening'
        return lines;
    }

    /** @return the {@code n}th message holding {@code variable} (1 is the first), once it has arrived */
    private static String awaitMessage(Path received, String variable, int n, DistributionHome.Foreground daemon) {
        DistributionHome.await(n + " message(s) with " + variable, () -> indexOf(messages(received), variable, n) >= 0,
                () -> "received:\n" + DistributionHome.read(received) + "\ndaemon:\n" + daemon.output());
        List<String> messages = messages(received);
        return messages.get(indexOf(messages, variable, n));
    }

    /** Attaches to the daemon's JDWP agent as a debugger does. */
    private static com.sun.jdi.VirtualMachine attach(int port) throws Exception {
        com.sun.jdi.connect.AttachingConnector connector = com.sun.jdi.Bootstrap.virtualMachineManager()
                .attachingConnectors().stream().filter(c -> c.name().equals("com.sun.jdi.SocketAttach")).findFirst()
                .orElseThrow();
        Map<String, com.sun.jdi.connect.Connector.Argument> arguments = connector.defaultArguments();
        arguments.get("hostname").setValue("127.0.0.1");
        arguments.get("port").setValue(Integer.toString(port));
        return connector.attach(arguments);
    }

    private static int count(List<String> messages, String variable) {
        return (int) messages.stream().filter(m -> List.of(m.split("\\|")).contains(variable)).count();
    }

    private static int indexOf(List<String> messages, String variable, int n) {
        int seen = 0;
        for (int i = 0; i < messages.size(); i++) {
            if (List.of(messages.get(i).split("\\|")).contains(variable) && ++seen == n) {
                return i;
            }
        }
        return -1;
    }
}
