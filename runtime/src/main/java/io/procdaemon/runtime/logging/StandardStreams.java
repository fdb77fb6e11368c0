package io.procdaemon.runtime.logging;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code System.out} and {@code System.err} into the daemon's log ({@link LineLogStream}): what
 * bundles print reaches the log in its format (a JSON log stays JSON), to its file under
 * {@code start}, with the subsystem's name when a subsystem prints. The log's own output writes to
 * the process's standard error descriptor, never to {@code System.err}, so nothing loops.
 *
 * <p>Only the Java streams are replaced: what the JVM writes itself (a crash report, {@code -Xlog},
 * a thread dump) still goes to the process's standard output and error, which is
 * {@code log/proc-daemon.out} under {@code start}. Gogo's shell, which binds {@code System.out} per
 * command thread, keeps sending command output to the session: it takes these streams as its
 * default. Not under {@code console}, where the terminal is the shell's.
 */
public final class StandardStreams {

    /** The loggers of the lines printed. */
    public static final String STDOUT = "stdout";
    /** @see #STDOUT */
    public static final String STDERR = "stderr";

    /** Held: java.util.logging keeps loggers weakly, and a level set on them must stay. */
    private static final Logger OUT = Logger.getLogger(STDOUT);
    private static final Logger ERR = Logger.getLogger(STDERR);

    private StandardStreams() {
    }

    /** Replaces {@code System.out} and {@code System.err}. */
    public static void intoTheLog() {
        System.setOut(new PrintStream(new LineLogStream(OUT, Level.INFO, new FileOutputStream(FileDescriptor.out)), true,
                StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new LineLogStream(ERR, Level.WARNING, new FileOutputStream(FileDescriptor.err)), true,
                StandardCharsets.UTF_8));
    }
}
