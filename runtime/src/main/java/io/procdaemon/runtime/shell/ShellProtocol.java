package io.procdaemon.runtime.shell;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The attached shell's wire format, spoken over the daemon's Unix domain socket by
 * {@link ShellClient} and by the shell bundle (which embeds this class, so both sides share one
 * definition).
 *
 * <p>Every message is a frame: one type byte, a 4-byte big-endian length, then that many bytes of
 * payload. The client opens with {@link #HELLO} carrying {@link #MAGIC}; anything else is refused
 * and the connection closed. It then sends {@link #COMMAND} frames, one command line each, and may
 * send {@link #INTERRUPT} while a command runs. The daemon answers a command with any number of
 * {@link #OUT} and {@link #ERR} frames and exactly one {@link #RESULT}: a status byte (0 done,
 * 1 failed) followed by the error message (UTF-8, empty on success). Closing the connection ends
 * the session and interrupts a command still running. At the prompt the client may send
 * {@link #COMPLETE} to ask for completions of the line being typed.
 */
public final class ShellProtocol {

    /** Client's first frame: payload {@link #MAGIC}; the daemon answers with its own HELLO. */
    public static final byte HELLO = 'H';
    /** Client: a command line (UTF-8). */
    public static final byte COMMAND = 'C';
    /** Client: interrupt the running command (Ctrl-C). */
    public static final byte INTERRUPT = 'I';
    /**
     * Client: what may complete this line (UTF-8, the line up to the cursor); the daemon answers
     * with a COMPLETE frame of candidates, one per line. Sent only while no command runs.
     */
    public static final byte COMPLETE = 'K';
    /** Daemon: bytes of the command's standard output. */
    public static final byte OUT = 'O';
    /** Daemon: bytes of the command's standard error. */
    public static final byte ERR = 'E';
    /** Daemon: the end of a command: status byte, then the error message. */
    public static final byte RESULT = 'R';
    /** Daemon: the connection is refused or broken (UTF-8 reason); the daemon closes it next. */
    public static final byte REFUSED = 'X';

    /** The protocol's name and version, in the client's HELLO. */
    public static final String MAGIC = "proc-daemon-shell/1";
    /** Largest payload a peer accepts; a bigger frame is a protocol error, not an allocation. */
    public static final int MAX_PAYLOAD = 1 << 20;

    private ShellProtocol() {
    }

    /** A frame read from the peer. */
    public record Frame(byte type, byte[] payload) {
        /** @return the payload as UTF-8 text */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** The peer broke the protocol; the message says how. */
    public static final class ProtocolException extends IOException {
        private static final long serialVersionUID = 1L;

        /** @param message what was wrong */
        public ProtocolException(String message) {
            super(message);
        }
    }

    /**
     * @param in the peer's stream
     * @param maxPayload the largest payload accepted
     * @return the next frame, or {@code null} at a clean end of stream (between frames)
     * @throws ProtocolException on a length out of range or a stream ending inside a frame
     */
    public static Frame read(DataInputStream in, int maxPayload) throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        try {
            int length = in.readInt();
            if (length < 0 || length > maxPayload) {
                throw new ProtocolException("frame of " + length + " bytes (type 0x" + Integer.toHexString(type)
                        + "); at most " + maxPayload + " accepted");
            }
            byte[] payload = in.readNBytes(length);
            if (payload.length < length) {
                throw new ProtocolException("connection closed inside a frame");
            }
            return new Frame((byte) type, payload);
        } catch (EOFException e) {
            throw new ProtocolException("connection closed inside a frame");
        }
    }

    /**
     * A stream reading the channel directly. Not {@code Channels.newInputStream}: its streams take
     * the channel's blocking lock for every read and write, so a read waiting for the next frame
     * would hold back every write (an interrupt, a command's output) until data arrives.
     */
    public static InputStream input(SocketChannel channel) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                return length == 0 ? 0 : channel.read(ByteBuffer.wrap(bytes, offset, length));
            }
        };
    }

    /** A stream writing to the channel directly; see {@link #input(SocketChannel)}. */
    public static OutputStream output(SocketChannel channel) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        };
    }

    /** Writes one frame and flushes it. Callers serialise writes to one stream. */
    public static void write(DataOutputStream out, byte type, byte[] payload, int offset, int length) throws IOException {
        out.writeByte(type);
        out.writeInt(length);
        out.write(payload, offset, length);
        out.flush();
    }

    /** Writes a text frame (UTF-8). */
    public static void write(DataOutputStream out, byte type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(out, type, bytes, 0, bytes.length);
    }

    /** @return one whole frame, as bytes: type, length, payload */
    public static byte[] frame(byte type, byte[] payload, int offset, int length) {
        return ByteBuffer.allocate(5 + length).put(type).putInt(length).put(payload, offset, length).array();
    }

    /** @return a text frame (UTF-8) */
    public static byte[] frame(byte type, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return frame(type, bytes, 0, bytes.length);
    }

    /** @return a {@link #RESULT} frame: status 0 with no message, or 1 with the error */
    public static byte[] resultFrame(String error) {
        byte[] message = error == null ? new byte[0] : error.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[message.length + 1];
        payload[0] = (byte) (error == null ? 0 : 1);
        System.arraycopy(message, 0, payload, 1, message.length);
        return frame(RESULT, payload, 0, payload.length);
    }
}
