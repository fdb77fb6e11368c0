package io.procdaemon.shell.server;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The frames one connection sends, written to its socket by a thread of their own.
 *
 * <p>Why not write from the command's thread: an interrupted thread that writes to a
 * {@link SocketChannel} closes the channel ({@code ClosedByInterruptException}), and commands are
 * interrupted on purpose (Ctrl-C). Here only the queue sees the command's thread; the writer is
 * never interrupted, so a Ctrl-C costs the command, not the connection. At most
 * {@value #CAPACITY} frames wait: a client that stops reading slows its command down instead of
 * filling the daemon's memory.
 */
final class Outbox {

    static final int CAPACITY = 256;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>(CAPACITY);
    private final OutputStream out;
    private final Runnable onFailure;
    private final Thread writer;
    private volatile boolean stopped;

    /** @param onFailure called once the socket cannot be written to (the client has gone) */
    Outbox(SocketChannel channel, ThreadFactory threads, Runnable onFailure) {
        this.out = new BufferedOutputStream(io.procdaemon.runtime.shell.ShellProtocol.output(channel), 64 * 1024);
        this.onFailure = onFailure;
        this.writer = threads.newThread(this::drain);
        writer.start();
    }

    /**
     * Queues a frame, waiting while the queue is full.
     *
     * @throws InterruptedIOException if the caller is interrupted meanwhile (the frame is dropped)
     * @throws IOException once the client has gone
     */
    void send(byte[] frame) throws IOException {
        try {
            while (!frames.offer(frame, 100, TimeUnit.MILLISECONDS)) {
                checkOpen();
            }
            checkOpen();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the client was not reading");
        }
    }

    /** Queues a frame that must not be lost to an interrupt (a RESULT); the interrupt is kept. */
    void sendUninterruptibly(byte[] frame) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    send(frame);
                    return;
                } catch (InterruptedIOException e) {
                    interrupted = true;
                    Thread.interrupted();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sends what is queued, then stops the writer; waits for it at most {@code millis}. */
    void finish(long millis) {
        stop();
        try {
            writer.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the writer after what is queued. Idempotent; does not wait. */
    void stop() {
        stopped = true;
        if (!frames.offer(END)) {
            frames.clear(); // the client is not reading: what is queued will not reach it anyway
            frames.offer(END);
        }
    }

    private void checkOpen() throws IOException {
        if (stopped) {
            throw new IOException("the shell client has disconnected");
        }
    }

    private void drain() {
        try {
            while (true) {
                byte[] frame = frames.take();
                if (frame == END) {
                    out.flush();
                    return;
                }
                out.write(frame);
                if (frames.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException | InterruptedException e) {
            stopped = true;
            frames.clear();
            onFailure.run();
        }
    }
}
