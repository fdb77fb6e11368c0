package io.procdaemon.shell.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.procdaemon.runtime.shell.ShellProtocol;
import io.procdaemon.runtime.shell.ShellProtocol.Frame;

/**
 * The outbox over a real Unix socket: a sender interrupted again and again (Ctrl-C on a command
 * that prints) loses frames, never the connection, and a RESULT still arrives.
 */
class OutboxTest {

    private Path folder;
    private ServerSocketChannel server;
    private SocketChannel daemonSide;
    private SocketChannel clientSide;

    @BeforeEach
    void connect() throws IOException {
        folder = Files.createTempDirectory("outbox");
        Path socket = folder.resolve("s");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        clientSide = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        daemonSide = server.accept();
    }

    @AfterEach
    void close() throws IOException {
        clientSide.close();
        daemonSide.close();
        server.close();
        Files.deleteIfExists(folder.resolve("s"));
        Files.delete(folder);
    }

    @Test
    void aSenderInterruptedMidStreamLeavesTheChannelOpenAndTheResultArrives() throws Exception {
        AtomicBoolean failed = new AtomicBoolean();
        Outbox outbox = new Outbox(daemonSide, Executors.defaultThreadFactory(), () -> failed.set(true));
        byte[] line = ShellProtocol.frame(ShellProtocol.OUT, "x".repeat(4000));
        Thread sender = new Thread(() -> {
            try {
                for (int i = 0; i < 5000; i++) {
                    try {
                        outbox.send(line);
                    } catch (InterruptedIOException e) {
                        Thread.interrupted(); // as a command that goes on printing after a Ctrl-C
                    }
                }
                outbox.sendUninterruptibly(ShellProtocol.resultFrame("interrupted"));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        sender.start();
        DataInputStream in = new DataInputStream(ShellProtocol.input(clientSide));
        int frames = 0;
        Frame frame;
        while ((frame = ShellProtocol.read(in, ShellProtocol.MAX_PAYLOAD)).type() == ShellProtocol.OUT) {
            if (++frames % 50 == 0) {
                sender.interrupt();
            }
        }
        sender.join(10_000);
        assertEquals(ShellProtocol.RESULT, frame.type());
        assertEquals("interrupted", new String(frame.payload(), 1, frame.payload().length - 1, "UTF-8"));
        assertTrue(daemonSide.isOpen(), "the daemon's side of the connection is still open");
        assertTrue(!failed.get(), "the writer never failed");
        assertTrue(frames > 100, "frames arrived: " + frames);
        outbox.finish(1000);
    }

    @Test
    void aClientThatHasGoneMakesSendFailAndCallsBack() throws Exception {
        java.util.concurrent.CountDownLatch failed = new java.util.concurrent.CountDownLatch(1);
        Outbox outbox = new Outbox(daemonSide, Executors.defaultThreadFactory(), failed::countDown);
        clientSide.close();
        byte[] line = ShellProtocol.frame(ShellProtocol.OUT, "x".repeat(4000));
        IOException gone = null;
        for (int i = 0; i < 10_000 && gone == null; i++) {
            try {
                outbox.send(line);
            } catch (IOException e) {
                gone = e;
            }
        }
        assertTrue(gone != null, "send fails once the client has gone");
        // The writer tells the connection right after it marks the outbox stopped: wait for it, bounded.
        assertTrue(failed.await(10, java.util.concurrent.TimeUnit.SECONDS), "the connection was told");
    }
}
