package io.procdaemon.runtime.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.procdaemon.runtime.ExitCode;
import io.procdaemon.runtime.shell.ShellProtocol;
import io.procdaemon.runtime.shell.ShellProtocol.Frame;

/**
 * {@code bin/proc-daemon client}: runs shell commands in the running daemon over its Unix domain
 * socket. With a command it runs that one, prints its output, and exits 0 when it succeeded, 1 when
 * it failed (the error on standard error), 3 when no daemon runs. Without one it reads commands
 * line by line: with JLine editing, history and completion on a terminal, plainly from a pipe.
 */
public final class ShellClient implements AutoCloseable {

    /** A command failed, or the daemon refused the connection. */
    static final int FAILED = 1;

    private final SocketChannel channel;
    private final DataInputStream in;
    private final DataOutputStream out;
    private volatile boolean running;
    /** Whether this command was asked to stop (Ctrl-C): its "interrupted" result is then its normal end. */
    private volatile boolean interruptSent;
    /** The daemon's result for a command its interrupt ended (the shell server's word for it). */
    private static final String INTERRUPTED = "interrupted";

    private ShellClient(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.in = new DataInputStream(new BufferedInputStream(ShellProtocol.input(channel)));
        this.out = new DataOutputStream(new BufferedOutputStream(ShellProtocol.output(channel)));
        try {
            ShellProtocol.write(out, ShellProtocol.HELLO, ShellProtocol.MAGIC);
        } catch (IOException e) {
            // The daemon may have refused at once (too many sessions) and closed: say why.
            Frame refusal = ShellProtocol.read(in, ShellProtocol.MAX_PAYLOAD);
            if (refusal != null && refusal.type() == ShellProtocol.REFUSED) {
                throw new ClientException(FAILED, "the daemon refused the shell connection: " + refusal.text());
            }
            throw e;
        }
        Frame hello = ShellProtocol.read(in, ShellProtocol.MAX_PAYLOAD);
        if (hello == null) {
            throw new ClientException(FAILED, "the daemon closed the shell connection at once");
        }
        if (hello.type() == ShellProtocol.REFUSED) {
            throw new ClientException(FAILED, "the daemon refused the shell connection: " + hello.text());
        }
        if (hello.type() != ShellProtocol.HELLO) {
            throw new ClientException(FAILED, "the socket did not answer as a proc-daemon shell");
        }
    }

    /** @param args the socket's path, then the command's words (none for a session) */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0) {
            System.err.println("proc-daemon client: usage: ShellClient <socket> [command ...]");
            return ExitCode.USAGE.code();
        }
        Path socket = Path.of(args[0]);
        try (ShellClient client = connect(socket)) {
            if (args.length > 1) {
                return client.runOne(commandLine(Arrays.asList(args).subList(1, args.length)));
            }
            return client.interactive();
        } catch (ClientException e) {
            System.err.println("proc-daemon: " + e.getMessage());
            return e.code;
        } catch (IOException e) {
            System.err.println("proc-daemon: shell connection to " + socket + " lost: " + e.getMessage());
            return FAILED;
        }
    }

    /**
     * The command line for Gogo from the launcher's arguments. One argument is a whole line, as
     * typed in a session ({@code client 'config:get io.procdaemon.daemon'}). Several are words the
     * operator's shell has already split: each but the command's name is quoted for Gogo when it
     * holds anything Gogo would read as syntax, so {@code client config:set app greeting 'a|b'}
     * sets {@code a|b}, and a {@code ;} in a value never starts a second command.
     */
    static String commandLine(java.util.List<String> words) {
        if (words.size() == 1) {
            return words.get(0);
        }
        StringBuilder line = new StringBuilder(words.get(0));
        for (String word : words.subList(1, words.size())) {
            line.append(' ');
            if (!word.isEmpty() && word.matches("[A-Za-z0-9_.:/@%+=,-]+")) {
                line.append(word);
            } else {
                line.append('"').append(word.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$")).append('"');
            }
        }
        return line.toString();
    }

    /**
     * Connects, telling "not running" (exit 3: no socket, or a socket nobody listens on) apart from
     * "not allowed" (exit 1: a folder on the way, or the socket, closed to this user). Both look
     * alike from outside: a folder this user may not enter hides the socket, so its absence proves
     * nothing. The path is walked from the root, as the kernel does, to name the first folder that
     * stops this user, with its owner and mode.
     */
    static ShellClient connect(Path socket) throws ClientException {
        Path absolute = socket.toAbsolutePath().normalize();
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(absolute));
        } catch (ConnectException e) {
            // ECONNREFUSED: a socket file nobody listens on (a daemon killed with SIGKILL).
            throw new ClientException(ExitCode.NOT_RUNNING.code(), "not running (" + socket + " accepts no connection)");
        } catch (IOException e) {
            throw unreachable(socket, absolute, e);
        }
        try {
            return new ShellClient(channel);
        } catch (ClientException e) {
            close(channel);
            throw e;
        } catch (IOException e) {
            close(channel);
            throw new ClientException(FAILED, "cannot connect to " + socket + ": " + e.getMessage());
        }
    }

    /** Why {@code socket} could not be reached: the first folder this user may not enter, or absence. */
    private static ClientException unreachable(Path socket, Path absolute, IOException failure) {
        Path reached = absolute.getRoot();
        for (Path name : absolute.getParent() == null ? List.<Path>of() : absolute.getRoot().relativize(absolute.getParent())) {
            Path folder = reached.resolve(name);
            // The folder above was entered, so "does not exist" here is not a permission problem.
            if (!Files.isDirectory(folder)) {
                return new ClientException(ExitCode.NOT_RUNNING.code(), "not running (no shell socket " + socket + ")");
            }
            if (!Files.isExecutable(folder)) {
                return new ClientException(FAILED, "cannot reach " + socket + ": permission denied on " + folder
                        + describe(folder) + "; only the user who runs the daemon may use its shell" + runAs(folder));
            }
            reached = folder;
        }
        if (!Files.exists(absolute, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return new ClientException(ExitCode.NOT_RUNNING.code(), "not running (no shell socket " + socket + ")");
        }
        if (failure instanceof java.nio.file.AccessDeniedException || String.valueOf(failure.getMessage()).contains("Permission denied")) {
            return new ClientException(FAILED, "cannot connect to " + socket + ": permission denied" + describe(absolute)
                    + "; only the user who runs the daemon may use its shell" + runAs(absolute));
        }
        return new ClientException(FAILED, "cannot connect to " + socket + ": " + failure.getMessage());
    }

    /** @return " (owner root, mode rwx------)", or "" if this user cannot see them either */
    private static String describe(Path path) {
        try {
            return " (owner " + Files.getOwner(path).getName() + ", mode "
                    + java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path)) + ")";
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    /** @return ": run the client as user procdaemon", naming the owner when this user may see it */
    private static String runAs(Path path) {
        try {
            return ": run the client as user " + Files.getOwner(path).getName();
        } catch (IOException | UnsupportedOperationException e) {
            return ": run the client as that user";
        }
    }

    private static void close(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closed either way.
        }
    }

    /** Runs one command; Ctrl-C interrupts it in the daemon, a second Ctrl-C leaves at once. */
    int runOne(String command) throws IOException {
        Interrupts.onInterrupt(this::interrupt);
        return execute(command, System.out, System.err);
    }

    private int interactive() throws IOException {
        if (System.console() != null && JLineSession.available()) {
            return JLineSession.run(this);
        }
        int status = 0;
        BufferedReader lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Interrupts.onInterrupt(this::interrupt);
        String line;
        while ((line = lines.readLine()) != null) {
            if (!line.isBlank() && !line.strip().startsWith("#")) {
                status = execute(line, System.out, System.err);
            }
        }
        return status;
    }

    /**
     * Sends a command and copies its output until its result.
     *
     * @return 0 if it succeeded, {@link #FAILED} if not (the error printed to {@code err})
     */
    int execute(String command, PrintStream stdout, PrintStream stderr) throws IOException {
        interruptSent = false;
        running = true;
        try {
            try {
                synchronized (out) {
                    ShellProtocol.write(out, ShellProtocol.COMMAND, command);
                }
            } catch (IOException e) {
                // The daemon may have closed the session (idle too long) and said why before.
                Frame refusal = ShellProtocol.read(in, ShellProtocol.MAX_PAYLOAD);
                if (refusal != null && refusal.type() == ShellProtocol.REFUSED) {
                    throw new ClientException(FAILED, "the daemon closed the session: " + refusal.text());
                }
                throw e;
            }
            Frame frame;
            while ((frame = ShellProtocol.read(in, ShellProtocol.MAX_PAYLOAD)) != null) {
                switch (frame.type()) {
                    case ShellProtocol.OUT -> {
                        stdout.write(frame.payload());
                        stdout.flush();
                    }
                    case ShellProtocol.ERR -> {
                        stderr.write(frame.payload());
                        stderr.flush();
                    }
                    case ShellProtocol.RESULT -> {
                        if (frame.payload().length > 0 && frame.payload()[0] == 0) {
                            return 0;
                        }
                        String error = new String(frame.payload(), 1, frame.payload().length - 1, StandardCharsets.UTF_8);
                        if (interruptSent && INTERRUPTED.equals(error)) {
                            // Ctrl-C ending a command (daemon:events -f, log:tail): how the operator
                            // ends it, a normal end, as Karaf's and a Unix shell's followers end.
                            return 0;
                        }
                        stderr.println("Error: " + error);
                        return FAILED;
                    }
                    case ShellProtocol.REFUSED -> throw new ClientException(FAILED, "the daemon closed the session: " + frame.text());
                    default -> throw new ClientException(FAILED, "unexpected frame from the daemon (0x"
                            + Integer.toHexString(frame.type() & 0xff) + ")");
                }
            }
            // daemon:shutdown ends the daemon, and with it the connection, once the answer is sent.
            throw new ClientException(FAILED, "the daemon closed the connection before '" + command + "' finished");
        } finally {
            running = false;
            Interrupts.commandEnded();
        }
    }

    /**
     * Asks the daemon what may complete a line (only at the prompt: no command runs).
     *
     * @param line the line up to the cursor
     * @return whole words; empty if the daemon has none or the connection failed
     */
    List<String> complete(String line) {
        try {
            synchronized (out) {
                ShellProtocol.write(out, ShellProtocol.COMPLETE, line);
            }
            Frame frame = ShellProtocol.read(in, ShellProtocol.MAX_PAYLOAD);
            if (frame == null || frame.type() != ShellProtocol.COMPLETE || frame.payload().length == 0) {
                return List.of();
            }
            return frame.text().lines().toList();
        } catch (IOException e) {
            return List.of(); // the next command reports the lost connection
        }
    }

    /** Asks the daemon to interrupt the running command. @return whether one was running */
    boolean interrupt() {
        if (!running) {
            return false;
        }
        try {
            // Before the write: the daemon's "interrupted" can arrive before the write returns.
            interruptSent = true;
            synchronized (out) {
                ShellProtocol.write(out, ShellProtocol.INTERRUPT, "");
            }
        } catch (IOException e) {
            // The connection is gone; the read loop reports it.
        }
        return true;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Closed either way.
        }
    }

    /** A failure with the exit code it means. */
    static final class ClientException extends IOException {
        private static final long serialVersionUID = 1L;
        final int code;

        ClientException(int code, String message) {
            super(message);
            this.code = code;
        }
    }
}
