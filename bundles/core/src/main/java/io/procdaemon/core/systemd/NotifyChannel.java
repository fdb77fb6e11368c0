package io.procdaemon.core.systemd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How a message reaches the service manager's {@code $NOTIFY_SOCKET}: by the {@code systemd-notify}
 * tool that systemd ships, given the message's {@code VARIABLE=value} lines as arguments.
 *
 * <p>Why a tool and not a library: the JDK cannot send to a Unix datagram socket on 17 or 25, and
 * the libraries that can carry native code. Measured here (docs/PERFORMANCE.md, "systemd notify"):
 * JNA 5.17 took 117-388 ms to send its first message (native library extraction and binding), the
 * tool 19 ms for the first (the JDK's process launching included) and 6 ms for each later one, and
 * it handles abstract socket names ({@code @...}) and systemd's barrier itself. The cost: the
 * unit needs {@code NotifyAccess=all}, because the sender is a child of the daemon.
 */
interface NotifyChannel {

    /**
     * Sends one message; blocks until it has been handed over.
     *
     * @param lines its {@code VARIABLE=value} lines, e.g. {@code READY=1}, {@code STATUS=...}
     * @throws IOException when it could not be sent; the message says why and what to do
     */
    void send(List<String> lines) throws IOException;

    /** The channel of the {@code systemd-notify} tool found on {@code PATH} (or the given command). */
    static NotifyChannel tool(String command) {
        return lines -> {
            List<String> arguments = new ArrayList<>();
            arguments.add(command);
            arguments.addAll(lines);
            Process process;
            try {
                process = new ProcessBuilder(arguments).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                process.getOutputStream().close();
            } catch (IOException | RuntimeException e) {
                throw new IOException("cannot run " + command + " (" + e.getMessage() + "): install systemd's"
                        + " systemd-notify, or unset NOTIFY_SOCKET and use Type=simple", e);
            }
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException(command + " did not return within 5 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IOException("interrupted while " + command + " ran", e);
            }
            if (process.exitValue() != 0) {
                String error = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                throw new IOException(command + " exited with " + process.exitValue()
                        + (error.isEmpty() ? "" : ": " + error) + " (is the unit's NotifyAccess=all?)");
            }
        };
    }
}
