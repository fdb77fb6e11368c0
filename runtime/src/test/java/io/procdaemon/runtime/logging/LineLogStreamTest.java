package io.procdaemon.runtime.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LineLogStreamTest {

    private final Logger logger = Logger.getLogger("io.procdaemon.test.stdout");
    private final List<LogRecord> records = new ArrayList<>();
    private final ByteArrayOutputStream fallback = new ByteArrayOutputStream();
    private final Handler collect = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
            if (record.getMessage().equals("a handler that prints")) {
                out.println("printed while logging");
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final PrintStream out = new PrintStream(new LineLogStream(logger, Level.WARNING, fallback), true,
            StandardCharsets.UTF_8);

    LineLogStreamTest() {
        logger.setUseParentHandlers(false);
        logger.addHandler(collect);
    }

    @AfterEach
    void removeTheHandler() {
        logger.removeHandler(collect);
    }

    @Test
    void oneRecordPerLineAtTheStreamsLevel() {
        out.print("part one, ");
        out.print("part two\r\nsecond line\nthird");
        assertEquals(List.of("part one, part two", "second line"), messages());
        out.println(" and its end: ünïcödé");
        assertEquals("third and its end: ünïcödé", records.get(2).getMessage());
        assertEquals(Level.WARNING, records.get(2).getLevel());
        assertEquals("io.procdaemon.test.stdout", records.get(2).getLoggerName());
    }

    @Test
    void eachThreadsLineIsItsOwn() throws InterruptedException {
        out.print("main's start ");
        Thread other = new Thread(() -> out.println("the other thread's line"));
        other.start();
        other.join();
        out.println("main's end");
        assertEquals(List.of("the other thread's line", "main's start main's end"), messages());
    }

    @Test
    void aVeryLongLineIsCutAndAPrintWhileLoggingDoesNotLoop() {
        out.print("x".repeat(LineLogStream.MAX_LINE + 10));
        out.println();
        assertEquals(2, records.size());
        assertEquals(LineLogStream.MAX_LINE, records.get(0).getMessage().length());
        assertEquals(10, records.get(1).getMessage().length());

        out.println("a handler that prints");
        assertEquals(3, records.size());
        assertEquals("printed while logging" + System.lineSeparator(), fallback.toString(StandardCharsets.UTF_8));
    }

    private List<String> messages() {
        return records.stream().map(LogRecord::getMessage).toList();
    }
}
