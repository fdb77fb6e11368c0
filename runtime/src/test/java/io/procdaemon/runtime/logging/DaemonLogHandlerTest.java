package io.procdaemon.runtime.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.ObjectMapper;

class DaemonLogHandlerTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @Test
    void recordsAreHeldUntilTheConfigurationIsReadThenWrittenAsItSays() throws IOException {
        DaemonLogHandler handler = handler(false, false);
        handler.publish(record("first, before the configuration"));
        handler.publish(record("second"));
        assertEquals("", console.toString(StandardCharsets.UTF_8), "nothing written before the configuration");
        assertNull(handler.settings());

        handler.accept(Map.of("logging.json", true));
        handler.publish(record("third, after it"));

        List<String> lines = console.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        ObjectMapper json = new ObjectMapper();
        assertEquals("first, before the configuration", json.readTree(lines.get(0)).get("message").asString());
        assertEquals("third, after it", json.readTree(lines.get(2)).get("message").asString());
    }

    @Test
    void withoutAConfigurationTheDefaultsApplyWhenAskedAndNothingIsLost() {
        DaemonLogHandler handler = handler(false, false);
        handler.publish(record("held"));
        handler.configureDefaultsIfUnset();
        handler.configureDefaultsIfUnset();
        handler.accept(Map.of());
        assertEquals(1, console.toString(StandardCharsets.UTF_8).lines().count(), console.toString(StandardCharsets.UTF_8));
        assertTrue(console.toString(StandardCharsets.UTF_8).endsWith(" INFO    [org.acme] held\n"),
                console.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theHoldIsBoundedAndWhatWasDroppedIsCounted() {
        DaemonLogHandler handler = handler(false, false);
        for (int i = 0; i < DaemonLogHandler.EARLY_LIMIT + 7; i++) {
            handler.publish(record("early " + i));
        }
        handler.configureDefaultsIfUnset();
        List<String> lines = console.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(DaemonLogHandler.EARLY_LIMIT + 1, lines.size());
        assertTrue(lines.get(0).endsWith("early 0"), lines.get(0));
        assertTrue(lines.get(lines.size() - 1).contains("7 records logged before the configuration was read were dropped"),
                lines.get(lines.size() - 1));
    }

    @Test
    void underStartTheConsoleIsNotWrittenTheFileIs() throws IOException {
        DaemonLogHandler handler = handler(true, true);
        handler.publish(record("to the file"));
        handler.accept(Map.of("logging.max_files", 2L));

        assertEquals("", console.toString(StandardCharsets.UTF_8));
        String file = Files.readString(home.resolve("log/proc-daemon.log"));
        assertTrue(file.endsWith(" INFO    [org.acme] to the file\n"), "no color in a file: " + file);
        assertEquals(home.resolve("log/proc-daemon.log"), handler.settings().file());

        handler.accept(Map.of("logging.file", "other/app.log"));
        handler.publish(record("moved"));
        assertTrue(Files.readString(home.resolve("other/app.log")).endsWith("[org.acme] moved\n"), "live");
        assertFalse(Files.readString(home.resolve("log/proc-daemon.log")).contains("moved"));
    }

    @Test
    void aFileThatCannotBeOpenedSendsTheLogToStandardErrorAndSaysWhy() throws IOException {
        Files.createDirectories(home.resolve("log/proc-daemon.log"));
        DaemonLogHandler handler = handler(true, false);
        handler.publish(record("not lost"));
        handler.configureDefaultsIfUnset();
        String out = console.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("[org.acme] not lost"), out);
        assertEquals(home.resolve("log/proc-daemon.log"), handler.settings().file());
    }

    @Test
    void colorOnlyOnATerminalAndNeverInJson() {
        DaemonLogHandler handler = handler(false, true);
        handler.accept(Map.of());
        handler.publish(record("colored"));
        String colored = console.toString(StandardCharsets.UTF_8);
        assertTrue(colored.contains("\u001b[32mINFO\u001b[0m    [org.acme] colored"), colored);

        console.reset();
        handler.accept(Map.of("logging.color", false));
        handler.publish(record("plain"));
        assertFalse(console.toString(StandardCharsets.UTF_8).contains("\u001b"));

        DaemonLogHandler notTerminal = handler(false, false);
        notTerminal.accept(Map.of("logging.color", true));
        console.reset();
        notTerminal.publish(record("plain too"));
        assertFalse(console.toString(StandardCharsets.UTF_8).contains("\u001b"));
    }

    @Test
    void recentLinesAndFollowers() throws Exception {
        DaemonLogHandler handler = handler(false, false);
        handler.accept(Map.of());
        for (int i = 0; i < DaemonLogHandler.RECENT + 3; i++) {
            handler.publish(record("line " + i));
        }
        List<String> recent = handler.recent(2);
        assertEquals(2, recent.size());
        assertTrue(recent.get(1).endsWith("line " + (DaemonLogHandler.RECENT + 2) + "\n"), recent.toString());
        assertEquals(DaemonLogHandler.RECENT, handler.recent(10_000).size());

        List<String> followed = new ArrayList<>();
        try (AutoCloseable following = handler.follow(followed::add)) {
            handler.publish(record("new"));
        }
        handler.publish(record("after"));
        assertEquals(1, followed.size());
        assertTrue(followed.get(0).endsWith("[org.acme] new\n"), followed.toString());
    }

    private DaemonLogHandler handler(boolean background, boolean terminal) {
        return new DaemonLogHandler(new LogSettings.Launch(home, background, terminal), console, ZoneOffset.UTC);
    }

    private static LogRecord record(String message) {
        LogRecord record = new LogRecord(Level.INFO, message);
        record.setLoggerName("org.acme");
        return record;
    }
}
