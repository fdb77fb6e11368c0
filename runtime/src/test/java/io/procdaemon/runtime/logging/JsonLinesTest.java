package io.procdaemon.runtime.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class JsonLinesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonLines lines = new JsonLines(ZoneOffset.UTC);

    @Test
    void oneObjectOnOneLineWithTheFieldsThatAreKnown() {
        LogRecord record = record(Level.WARNING, "queue is full");
        String line = lines.format(new LogEvent(record, "subsystem-worker", null, "worker"));

        assertTrue(line.endsWith("}\n") && line.indexOf('\n') == line.length() - 1, line);
        JsonNode object = JSON.readTree(line);
        assertEquals("2026-12-01T10:25:31.123Z", object.get("time").asString());
        assertEquals("WARNING", object.get("level").asString());
        assertEquals("org.acme.Worker", object.get("logger").asString());
        assertEquals("subsystem-worker", object.get("thread").asString());
        assertEquals("queue is full", object.get("message").asString());
        assertEquals("worker", object.get("subsystem").asString());
        assertFalse(object.has("exception") || object.has("bundle"), "fields without a value are left out: " + line);
    }

    @Test
    void whateverTheMessageHoldsTheLineIsValidJsonAndSaysItExactly() {
        String nasty = "quote \" backslash \\ newline \n tab \t cr \r nul \u0000 bell \u0007 esc \u001b del \u007f"
                + " line sep \u2028 emoji \ud83d\ude00 lone high \ud800 lone low \udc00 braces {0} end";
        String line = lines.format(new LogEvent(record(Level.INFO, nasty), "t", "org.acme", null));

        assertEquals(1, line.split("\n", -1).length - 1, "one line: " + line);
        JsonNode object = JSON.readTree(line);
        assertEquals(nasty, object.get("message").asString());
        assertEquals("org.acme", object.get("bundle").asString());
    }

    @Test
    void anExceptionIsOneStringFieldWithItsWholeStackTrace() {
        LogRecord record = record(Level.SEVERE, "failed");
        IllegalStateException cause = new IllegalStateException("inner \"quoted\"");
        record.setThrown(new RuntimeException("outer", cause));
        JsonNode object = JSON.readTree(lines.format(new LogEvent(record, "main", null, null)));

        String exception = object.get("exception").asString();
        assertTrue(exception.startsWith("java.lang.RuntimeException: outer\n\tat "), exception);
        assertTrue(exception.contains("Caused by: java.lang.IllegalStateException: inner \"quoted\""), exception);
    }

    @Test
    void aRecordNamesItsOwnThreadAndBundleThroughASupplierOfFields() {
        LogRecord record = new FieldsRecord(Map.of("bundle", "org.apache.felix.scr", "thread", "subsystem-clock"));
        record.setLoggerName("org.apache.felix.scr");
        record.setInstant(Instant.parse("2026-12-01T10:25:31.123Z"));
        JsonNode object = JSON.readTree(lines.format(LogEvent.of(record)));

        assertEquals("org.apache.felix.scr", object.get("bundle").asString());
        assertEquals("subsystem-clock", object.get("thread").asString());
        assertEquals("clock", object.get("subsystem").asString(), "the thread of a subsystem's run names it");
    }

    @Test
    void aThreadStartedInASubsystemsThreadGroupNamesItToo() throws InterruptedException {
        LogEvent[] seen = new LogEvent[2];
        ThreadGroup group = new ThreadGroup("subsystem-worker");
        Thread run = new Thread(group, () -> {
            seen[0] = LogEvent.of(record(Level.INFO, "on the run thread"));
            // The subsystem's own thread: no group given, so it joins the run thread's.
            Thread own = new Thread(() -> seen[1] = LogEvent.of(record(Level.INFO, "on its pool")), "worker-pool-1");
            own.start();
            try {
                own.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "subsystem-worker");
        run.start();
        run.join();
        assertEquals("worker", seen[0].subsystem());
        assertEquals("worker", seen[1].subsystem());
        assertEquals("worker-pool-1", seen[1].thread());
        assertEquals(null, LogEvent.of(record(Level.INFO, "elsewhere")).subsystem());
    }

    private static LogRecord record(Level level, String message) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName("org.acme.Worker");
        record.setInstant(Instant.parse("2026-12-01T10:25:31.123Z"));
        return record;
    }

    private static final class FieldsRecord extends LogRecord implements Supplier<Map<String, String>> {
        private static final long serialVersionUID = 1L;
        private final transient Map<String, String> fields;

        FieldsRecord(Map<String, String> fields) {
            super(Level.INFO, "from Felix Log's thread");
            this.fields = fields;
        }

        @Override
        public Map<String, String> get() {
            return fields;
        }
    }
}
