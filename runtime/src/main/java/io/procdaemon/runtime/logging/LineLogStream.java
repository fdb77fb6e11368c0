package io.procdaemon.runtime.logging;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What is printed to {@code System.out} or {@code System.err}, as log records: one record per
 * line, of logger {@code stdout} (INFO) or {@code stderr} (WARNING), on the printing thread, so a
 * subsystem's prints carry its name like its log lines. Each thread's line is collected on its
 * own until its newline (a line never mixes two threads' prints); a line longer than
 * {@value #MAX_LINE} bytes is cut there. A stack trace printed with {@code printStackTrace()} is one
 * record per line.
 *
 * <p>A print made while this thread is already handing a line to the log (a handler or formatter
 * that prints) goes to {@code fallback}, the process's own stream, instead of looping back.
 */
final class LineLogStream extends OutputStream {

    /** The longest line collected before it is logged as it is. */
    static final int MAX_LINE = 64 * 1024;

    private final Logger logger;
    private final Level level;
    private final OutputStream fallback;
    private final ThreadLocal<ByteArrayOutputStream> line = ThreadLocal.withInitial(() -> new ByteArrayOutputStream(128));
    private final ThreadLocal<Boolean> logging = ThreadLocal.withInitial(() -> Boolean.FALSE);

    LineLogStream(Logger logger, Level level, OutputStream fallback) {
        this.logger = logger;
        this.level = level;
        this.fallback = fallback;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        if (logging.get()) {
            try {
                fallback.write(bytes, offset, length);
            } catch (java.io.IOException e) {
                // Nowhere left to print it.
            }
            return;
        }
        ByteArrayOutputStream pending = line.get();
        int start = offset;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                pending.write(bytes, start, i - start);
                emit(pending);
                start = i + 1;
            } else if (pending.size() + (i - start) >= MAX_LINE) {
                pending.write(bytes, start, i - start);
                emit(pending);
                start = i;
            }
        }
        pending.write(bytes, start, offset + length - start);
    }

    private void emit(ByteArrayOutputStream pending) {
        String text = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        LogRecord record = new LogRecord(level, text);
        record.setLoggerName(logger.getName());
        logging.set(Boolean.TRUE);
        try {
            logger.log(record);
        } finally {
            logging.set(Boolean.FALSE);
        }
    }
}
