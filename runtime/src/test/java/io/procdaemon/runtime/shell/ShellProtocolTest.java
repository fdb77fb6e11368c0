package io.procdaemon.runtime.shell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.procdaemon.runtime.shell.ShellProtocol.Frame;
import io.procdaemon.runtime.shell.ShellProtocol.ProtocolException;

/** The attached shell's frames: written, read back, and refused when broken. */
class ShellProtocolTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    private DataInputStream written() {
        return in(bytes.toByteArray());
    }

    private static DataInputStream in(byte[] data) {
        return new DataInputStream(new ByteArrayInputStream(data));
    }

    @Test
    void framesRoundTripInOrder() throws IOException {
        ShellProtocol.write(out, ShellProtocol.HELLO, ShellProtocol.MAGIC);
        ShellProtocol.write(out, ShellProtocol.COMMAND, "daemon:info 'h\u00e9las'");
        ShellProtocol.write(out, ShellProtocol.OUT, new byte[] {9, 1, 2, 3, 9}, 1, 3);
        ShellProtocol.write(out, ShellProtocol.INTERRUPT, "");
        DataInputStream in = written();

        Frame hello = ShellProtocol.read(in, ShellProtocol.MAX_PAYLOAD);
        assertEquals(ShellProtocol.HELLO, hello.type());
        assertEquals(ShellProtocol.MAGIC, hello.text());
        Frame command = ShellProtocol.read(in, ShellProtocol.MAX_PAYLOAD);
        assertEquals(ShellProtocol.COMMAND, command.type());
        assertEquals("daemon:info 'h\u00e9las'", command.text(), "UTF-8 both ways");
        Frame output = ShellProtocol.read(in, ShellProtocol.MAX_PAYLOAD);
        assertEquals(ShellProtocol.OUT, output.type());
        assertArrayEquals(new byte[] {1, 2, 3}, output.payload(), "only the slice given");
        Frame interrupt = ShellProtocol.read(in, ShellProtocol.MAX_PAYLOAD);
        assertEquals(ShellProtocol.INTERRUPT, interrupt.type());
        assertEquals(0, interrupt.payload().length);
        assertNull(ShellProtocol.read(in, ShellProtocol.MAX_PAYLOAD), "clean end between frames");
    }

    @Test
    void theLayoutIsTypeLengthPayload() throws IOException {
        ShellProtocol.write(out, ShellProtocol.COMMAND, "ab");
        assertArrayEquals(new byte[] {'C', 0, 0, 0, 2, 'a', 'b'}, bytes.toByteArray());
    }

    @Test
    void resultFramesCarryStatusThenMessage() throws IOException {
        out.write(ShellProtocol.resultFrame(null));
        out.write(ShellProtocol.resultFrame("no subsystem 'htp'; known: http"));
        out.write(ShellProtocol.resultFrame(""));
        DataInputStream in = written();

        Frame done = ShellProtocol.read(in, ShellProtocol.MAX_PAYLOAD);
        assertEquals(ShellProtocol.RESULT, done.type());
        assertArrayEquals(new byte[] {0}, done.payload());
        Frame failed = ShellProtocol.read(in, ShellProtocol.MAX_PAYLOAD);
        assertEquals(1, failed.payload()[0]);
        assertEquals("no subsystem 'htp'; known: http",
                new String(failed.payload(), 1, failed.payload().length - 1, StandardCharsets.UTF_8));
        Frame failedSilently = ShellProtocol.read(in, ShellProtocol.MAX_PAYLOAD);
        assertArrayEquals(new byte[] {1}, failedSilently.payload(), "an empty message is still a failure");
    }

    @Test
    void aFrameLongerThanTheMaximumIsRefusedNamingItsSize() throws IOException {
        ShellProtocol.write(out, ShellProtocol.COMMAND, "x".repeat(1025));
        ProtocolException e = assertThrows(ProtocolException.class, () -> ShellProtocol.read(written(), 1024));
        assertEquals("frame of 1025 bytes (type 0x43); at most 1024 accepted", e.getMessage());

        // The length alone decides: nothing of a huge frame is read or allocated.
        byte[] huge = {'O', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        e = assertThrows(ProtocolException.class, () -> ShellProtocol.read(in(huge), ShellProtocol.MAX_PAYLOAD));
        assertEquals("frame of 2147483647 bytes (type 0x4f); at most 1048576 accepted", e.getMessage());

        byte[] negative = {'O', (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe};
        e = assertThrows(ProtocolException.class, () -> ShellProtocol.read(in(negative), ShellProtocol.MAX_PAYLOAD));
        assertEquals("frame of -2 bytes (type 0x4f); at most 1048576 accepted", e.getMessage());
    }

    @Test
    void aFrameOfExactlyTheMaximumIsAccepted() throws IOException {
        ShellProtocol.write(out, ShellProtocol.COMMAND, "x".repeat(1024));
        assertEquals(1024, ShellProtocol.read(written(), 1024).payload().length);
    }

    @Test
    void theStreamEndingInsideAFrameIsAProtocolError() throws IOException {
        ShellProtocol.write(out, ShellProtocol.COMMAND, "daemon:list");
        byte[] whole = bytes.toByteArray();
        for (int cut : new int[] {1, 3, 5, whole.length - 1}) {
            byte[] truncated = Arrays.copyOf(whole, cut);
            ProtocolException e = assertThrows(ProtocolException.class,
                    () -> ShellProtocol.read(in(truncated), ShellProtocol.MAX_PAYLOAD), "cut at " + cut);
            assertEquals("connection closed inside a frame", e.getMessage());
        }
    }

    @Test
    void aCleanEndBetweenFramesIsNull() throws IOException {
        assertNull(ShellProtocol.read(in(new byte[0]), ShellProtocol.MAX_PAYLOAD));
        ShellProtocol.write(out, ShellProtocol.COMMAND, "daemon:list");
        DataInputStream in = written();
        ShellProtocol.read(in, ShellProtocol.MAX_PAYLOAD);
        assertNull(ShellProtocol.read(in, ShellProtocol.MAX_PAYLOAD));
        assertNull(ShellProtocol.read(in, ShellProtocol.MAX_PAYLOAD), "and stays so");
    }

    @Test
    void framesCrossAUnixDomainSocketThroughTheChannelStreams(@TempDir Path folder) throws IOException {
        Path socket = folder.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                    SocketChannel accepted = server.accept()) {
                DataOutputStream clientOut = new DataOutputStream(ShellProtocol.output(client));
                byte[] big = new byte[300_000]; // more than one socket buffer: written in several writes
                Arrays.fill(big, (byte) 'z');
                Thread writer = new Thread(() -> {
                    try {
                        ShellProtocol.write(clientOut, ShellProtocol.OUT, big, 0, big.length);
                        ShellProtocol.write(clientOut, ShellProtocol.HELLO, ShellProtocol.MAGIC);
                        client.shutdownOutput();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                writer.start();
                DataInputStream serverIn = new DataInputStream(ShellProtocol.input(accepted));
                assertArrayEquals(big, ShellProtocol.read(serverIn, ShellProtocol.MAX_PAYLOAD).payload());
                assertEquals(ShellProtocol.MAGIC, ShellProtocol.read(serverIn, ShellProtocol.MAX_PAYLOAD).text());
                assertNull(ShellProtocol.read(serverIn, ShellProtocol.MAX_PAYLOAD), "the client shut its output");
                assertEquals(0, ShellProtocol.input(accepted).read(new byte[4], 0, 0), "a zero-length read reads nothing");
            }
        }
    }
}
