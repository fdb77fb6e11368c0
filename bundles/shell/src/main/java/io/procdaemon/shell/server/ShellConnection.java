package io.procdaemon.shell.server;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadFactory;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.felix.service.command.Job;

import io.procdaemon.runtime.shell.ShellProtocol;
import io.procdaemon.runtime.shell.ShellProtocol.Frame;
import io.procdaemon.runtime.shell.ShellProtocol.ProtocolException;

/**
 * One client of the attached shell: one Gogo session, commands run one at a time on a thread of
 * their own while this connection's thread keeps reading, so an interrupt or the client's departure
 * is seen at once. Whatever the client sends, the worst outcome is this connection closing: a bad
 * frame is answered with {@link ShellProtocol#REFUSED}, a vanished client interrupts its command.
 *
 * <p>A session is idle while no command runs and the client sends nothing; after the idle timeout
 * it is closed with a REFUSED frame saying so, and its slot is free again. A running command (a
 * {@code daemon:events -f} followed for hours) keeps its session, however long it runs.
 */
final class ShellConnection implements Runnable {

    /** Command lines are short; a bigger frame is garbage, not a command. */
    static final int MAX_COMMAND_BYTES = 64 * 1024;
    /** How long a new connection may take to say HELLO. */
    static final int HELLO_SECONDS = 10;
    /** Output is sent in frames of at most this size. */
    private static final int CHUNK = 32 * 1024;

    private static final System.Logger LOG = System.getLogger("io.procdaemon.shell");

    private final SocketChannel channel;
    private final CommandProcessor processor;
    private final String peer;
    private final ThreadFactory threads;
    private final DataInputStream in;
    private final Outbox outbox;
    private final java.util.concurrent.ScheduledExecutorService timer;
    private final Completions completions;
    private final CommandGuide guide;
    /** Replaced only when an interrupted job is stuck (see {@link #endForegroundJob()}). */
    private volatile CommandSession session;
    private volatile Thread running;
    private volatile boolean closed;
    /** 0: never closed for idleness. */
    private final long idleMillis;
    /** When the client last sent a frame or its last command ended ({@link System#nanoTime()}). */
    private volatile long lastActivity = System.nanoTime();

    ShellConnection(SocketChannel channel, CommandProcessor processor, String peer, ThreadFactory threads,
            java.util.concurrent.ScheduledExecutorService timer, Completions completions, CommandGuide guide,
            long idleMillis) {
        this.idleMillis = idleMillis;
        this.channel = channel;
        this.processor = processor;
        this.peer = peer;
        this.threads = threads;
        this.timer = timer;
        this.completions = completions;
        this.guide = guide;
        this.in = new DataInputStream(new BufferedInputStream(ShellProtocol.input(channel)));
        this.outbox = new Outbox(channel, threads, this::close);
    }

    /** Answers a connection that may not have a session, then closes it. */
    static void refuse(SocketChannel channel, String reason) {
        try {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(ShellProtocol.output(channel)));
            ShellProtocol.write(out, ShellProtocol.REFUSED, reason);
        } catch (IOException e) {
            // The client is gone already; nothing to tell.
        }
        closeGently(channel);
    }

    /**
     * Closes after the last answer, discarding what the client sent that was not read: closing a
     * socket with unread input resets the connection, and the client would lose the answer.
     */
    static void closeGently(SocketChannel channel) {
        try (channel) {
            channel.shutdownOutput();
            channel.configureBlocking(false);
            java.nio.ByteBuffer discard = java.nio.ByteBuffer.allocate(8192);
            for (int i = 0; i < 128 && channel.read(discard.clear()) > 0; i++) {
                // what the client sent before it saw the answer
            }
        } catch (IOException e) {
            // Closed either way.
        }
    }

    @Override
    public void run() {
        // A connection that says nothing would hold one of the few slots for ever.
        java.util.concurrent.ScheduledFuture<?> helloDeadline = timer.schedule(() -> {
            if (session == null) {
                LOG.log(INFO, () -> "attached shell: closed a connection of " + peer + " that sent no HELLO within "
                        + HELLO_SECONDS + " s");
                close();
            }
        }, HELLO_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        try {
            Frame hello = ShellProtocol.read(in, 1024);
            if (hello == null) {
                return;
            }
            if (hello.type() != ShellProtocol.HELLO || !ShellProtocol.MAGIC.equals(hello.text())) {
                throw new ProtocolException("not a proc-daemon shell client: the first frame must be HELLO "
                        + ShellProtocol.MAGIC);
            }
            session = newSession();
            helloDeadline.cancel(false);
            lastActivity = System.nanoTime();
            scheduleIdleCheck(idleMillis);
            outbox.sendUninterruptibly(ShellProtocol.frame(ShellProtocol.HELLO,
                    ShellProtocol.MAGIC + "\n" + String.join("\n", commandNames())));
            LOG.log(DEBUG, () -> "attached shell: session opened for " + peer);
            readLoop();
        } catch (ProtocolException e) {
            LOG.log(INFO, () -> "attached shell: closed a connection of " + peer + ": " + e.getMessage());
            try {
                outbox.sendUninterruptibly(ShellProtocol.frame(ShellProtocol.REFUSED, e.getMessage()));
            } catch (IOException gone) {
                // The client is gone; the log has the reason.
            }
            outbox.finish(1000);
            closeGently(channel);
        } catch (IOException e) {
            LOG.log(DEBUG, () -> "attached shell: connection of " + peer + " lost: " + e);
        } finally {
            helloDeadline.cancel(false);
            close();
        }
    }

    private void readLoop() throws IOException {
        Frame frame;
        while ((frame = ShellProtocol.read(in, MAX_COMMAND_BYTES)) != null) {
            lastActivity = System.nanoTime();
            switch (frame.type()) {
                case ShellProtocol.COMMAND -> start(frame.text());
                case ShellProtocol.INTERRUPT -> interrupt();
                case ShellProtocol.COMPLETE -> outbox.send(ShellProtocol.frame(ShellProtocol.COMPLETE,
                        String.join("\n", completions.candidates(frame.text(), commandNames()))));
                default -> throw new ProtocolException("unexpected frame type 0x" + Integer.toHexString(frame.type() & 0xff)
                        + "; a client sends C (command), I (interrupt) or K (complete)");
            }
        }
    }

    private void start(String line) throws IOException {
        if (running != null) {
            outbox.sendUninterruptibly(ShellProtocol.resultFrame("a command is still running; wait for its result or interrupt it"));
            return;
        }
        Thread thread = threads.newThread(() -> execute(line));
        running = thread;
        thread.start();
    }

    private void execute(String line) {
        String error = guide.refuse(line).orElse(null);
        try {
            Object result = error != null ? null : session.execute(line);
            if (result != null) {
                PrintStream console = new PrintStream(new FrameOutput(ShellProtocol.OUT), true, StandardCharsets.UTF_8);
                console.println(session.format(result, Converter.INSPECT));
                console.flush();
            }
        } catch (Exception e) {
            error = CommandErrors.message(line, e, commandNames(), guide);
        }
        boolean interrupted = Thread.interrupted();
        endForegroundJob();
        lastActivity = System.nanoTime(); // idle from the end of the command, not from its start
        running = null;
        if (interrupted && error == null) {
            error = "interrupted";
        }
        try {
            outbox.sendUninterruptibly(ShellProtocol.resultFrame(error));
        } catch (IOException e) {
            close(); // The client left while its command ran.
        }
    }

    /**
     * One check at a time, each scheduling the next: no cancellation to race with a command's start
     * or end. A check that finds a command running, or activity since, looks again later.
     */
    private void scheduleIdleCheck(long delayMillis) {
        if (idleMillis == 0 || closed) {
            return;
        }
        try {
            timer.schedule(this::checkIdle, delayMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The shell is stopping; it closes every connection itself.
        }
    }

    private void checkIdle() {
        if (closed) {
            return;
        }
        long idleFor = (System.nanoTime() - lastActivity) / 1_000_000;
        if (running != null || idleFor < idleMillis) {
            scheduleIdleCheck(running != null ? idleMillis : idleMillis - idleFor);
            return;
        }
        String idle = ShellSettings.duration(idleMillis);
        LOG.log(INFO, () -> "attached shell: closed the session of " + peer + ", idle for " + idle + " ("
                + ShellSettings.IDLE_TIMEOUT_PROPERTY + ")");
        // Not on the timer's one thread: telling a client that does not read may take a while.
        threads.newThread(() -> {
            try {
                outbox.sendUninterruptibly(ShellProtocol.frame(ShellProtocol.REFUSED, "idle for " + idle
                        + " (" + ShellSettings.IDLE_TIMEOUT_PROPERTY + " in etc/config.properties); connect again"));
            } catch (IOException gone) {
                // The client has gone already.
            }
            outbox.finish(1000);
            // Not closeGently: its switch to non-blocking mode waits for this connection's reader,
            // blocked in read. An idle client has sent nothing unread, so closing resets nothing.
            close();
        }).start();
    }

    private CommandSession newSession() {
        return GogoJobs.newSession(processor, new ByteArrayInputStream(new byte[0]), new FrameOutput(ShellProtocol.OUT),
                new FrameOutput(ShellProtocol.ERR));
    }

    /**
     * An interrupt that reaches the command's thread while Gogo starts its job ends only the wait
     * for the job: the job runs on in the foreground (a {@code daemon:events -f} follows on, printing
     * after the RESULT), and Gogo refuses the session's every next command with "A job is already
     * in foreground". Worse, a job interrupted before its thread ran it is cancelled without ever
     * being marked done, and stays in the foreground for good. So a job still in the foreground
     * is interrupted here and waited for within a bound; if it does not end, the session is
     * closed (which interrupts its threads) and replaced by a new one, losing its variables.
     */
    private void endForegroundJob() {
        Job job = session.foregroundJob();
        if (GogoJobs.endForeground(session) || closed) {
            return;
        }
        LOG.log(INFO, () -> "attached shell: the interrupted job '" + (job == null ? "?" : job.command()) + "' of "
                + peer + " did not end; its session is replaced by a new one");
        CommandSession stuck = session;
        session = newSession();
        stuck.close();
        if (closed) {
            session.close(); // the connection closed meanwhile, perhaps with the stuck session
        }
    }

    private void interrupt() {
        Job job = session.foregroundJob();
        if (job != null) {
            job.interrupt();
        }
        Thread thread = running;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private java.util.List<String> commandNames() {
        Object names = session == null ? null : session.get(".commands");
        if (names instanceof java.util.Collection<?> collection) {
            return collection.stream().map(String::valueOf).sorted().toList();
        }
        return java.util.List.of();
    }

    /** Ends the session: a command still running is interrupted, the socket closed. Idempotent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        disconnect(true);
    }

    /**
     * Ends the connection because the shell itself stops (its bundle is stopped, updated or
     * refreshed), without interrupting a running command: that command may be the very one that
     * stops the bundle ({@code update} of the shell), and interrupted it would leave the bundle
     * stopped. It finds its output gone and ends on its own.
     */
    void release() {
        if (closed) {
            return;
        }
        closed = true;
        disconnect(false);
    }

    private void disconnect(boolean interruptCommand) {
        Thread thread = interruptCommand ? running : null;
        if (thread != null) {
            if (session != null) {
                Job job = session.foregroundJob();
                if (job != null) {
                    job.interrupt();
                }
            }
            thread.interrupt();
        }
        outbox.stop();
        try {
            channel.close();
        } catch (IOException e) {
            // Closed either way.
        }
        if (session != null && (interruptCommand || running == null)) {
            session.close(); // closing a session interrupts its jobs
        }
    }

    /** A command's output stream: each write becomes frames; a vanished client ends the session. */
    private final class FrameOutput extends OutputStream {
        private final byte type;

        FrameOutput(byte type) {
            this.type = type;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (closed) {
                throw new IOException("the shell client has disconnected");
            }
            for (int done = 0; done < length; done += CHUNK) {
                int size = Math.min(CHUNK, length - done);
                outbox.send(ShellProtocol.frame(type, bytes, offset + done, size));
            }
        }
    }
}
