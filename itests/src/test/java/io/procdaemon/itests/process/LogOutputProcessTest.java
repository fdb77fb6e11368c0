package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.procdaemon.itests.process.fixtures.PrintingBundle;
import io.procdaemon.itests.process.fixtures.Slf4jLoggingBundle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The daemon's log output on the packaged tarball (issue 11): JSON lines, the rotated file, where
 * {@code start} and {@code run} write, levels set live from the shell, and the subsystem's mark.
 */
public class LogOutputProcessTest extends ProcessTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Every line of a JSON log is one valid JSON object with time, level, logger, thread and
     * message; an exception is one string field; what the OSGi Log service forwards names its
     * bundle; a subsystem's lines name it; and the boot's first lines, logged before etc/ was read,
     * are JSON too. Another logging implementation deployed (Pax Logging's API bundle, which takes
     * java.util.logging over at its start) changes none of it.
     */
    @Test
    public void jsonLinesParseEveryLineAndCarryTheirFields() throws Exception {
        home.launcher(Map.of("DAEMON_LOGGING__JSON", "true"), "start").assertExit(OK);
        home.deploy("pax-logging-api.jar", DistributionHome.fixtureJar("pax-logging-api.jar"));
        home.awaitLogLine("changed java.util.logging's root logger while starting, undone");
        home.deploy("examples.jar", DistributionHome.examplesJar());
        home.deploy("slf4j2.jar", FixtureJars.slf4jBundle(FixtureJars.SLF4J2_BSN, "[2.0,3)"));
        home.awaitLogLine(Slf4jLoggingBundle.EXCEPTION);
        home.awaitLogLine("\"message\":\"heartbeat 1\"");
        home.launcher("stop").assertExit(OK);

        List<JsonNode> lines = jsonLines(home.log());
        assertTrue("a log of some length:\n" + home.log(), lines.size() > 10);
        for (JsonNode line : lines) {
            for (String field : List.of("time", "level", "logger", "thread", "message")) {
                assertTrue(field + " in " + line, line.hasNonNull(field));
            }
        }
        JsonNode failure = only(lines, "message", Slf4jLoggingBundle.FAILURE);
        assertEquals("SEVERE", failure.get("level").asString());
        assertEquals(FixtureJars.SLF4J2_BSN, failure.get("logger").asString());
        assertTrue(failure.toString(), failure.get("exception").asString()
                .startsWith("java.lang.IllegalStateException: " + Slf4jLoggingBundle.EXCEPTION + "\n\tat "));
        JsonNode beat = only(lines, "message", "heartbeat 1");
        assertEquals("heartbeat", beat.get("subsystem").asString());
        assertEquals("subsystem-heartbeat", beat.get("thread").asString());
        assertTrue("a line forwarded from the OSGi Log service names its bundle:\n" + home.log(),
                lines.stream().anyMatch(line -> line.has("bundle") && line.get("bundle").asString().equals("org.apache.felix.scr")));
        assertTrue("the first line is of the boot, before etc/daemon.toml was applied: " + lines.get(0),
                lines.indexOf(first(lines, "etc/daemon.toml applied")) > 0);
        assertEquals("the stop's last line, in JSON too", "proc-daemon stopped; exit code 0",
                lines.get(lines.size() - 1).get("message").asString());
        assertFalse("nothing of the log in the JVM's own output:\n" + out(), out().contains("{\"time\""));
    }

    /** logging.max_file_size and logging.max_files: proc-daemon.log, .1, .2 and no more, no line split. */
    @Test
    public void rotationKeepsMaxFilesEachWithinTheSize() throws Exception {
        // Each beat is a line: a second of them at 20 ms rotates the file several times.
        Files.writeString(home.path("etc/io.procdaemon.examples.Heartbeat.toml"), "interval = 20\n");
        home.launcher(Map.of("DAEMON_LOGGING__MAX_FILE_SIZE", "1500", "DAEMON_LOGGING__MAX_FILES", "3"), "start")
                .assertExit(OK);
        home.deploy("examples.jar", DistributionHome.examplesJar());
        DistributionHome.await("log/proc-daemon.log.2", () -> Files.exists(home.path("log/proc-daemon.log.2")), home::log);
        String before = Files.readString(home.path("log/proc-daemon.log.2"));
        DistributionHome.await("another rotation", () -> !before.equals(read("log/proc-daemon.log.2")), home::log);
        home.launcher("stop").assertExit(OK);

        assertFalse("max_files = 3: no fourth file", Files.exists(home.path("log/proc-daemon.log.3")));
        List<String> beats = new ArrayList<>();
        for (String name : List.of("log/proc-daemon.log.2", "log/proc-daemon.log.1", "log/proc-daemon.log")) {
            Path file = home.path(name);
            assertTrue(name + " holds at most 1500 bytes: " + Files.size(file), Files.size(file) <= 1500);
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                assertTrue(name + ": whole lines only: " + line, line.matches("^\\d{4}-\\d\\d-\\d\\dT.* \\[[^\\]]+\\] .*"));
                if (line.matches(".*\\] heartbeat \\d+$")) {
                    beats.add(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        for (int i = 1; i < beats.size(); i++) {
            assertEquals("beats in order across the files, none lost: " + beats, Long.parseLong(beats.get(i - 1)) + 1,
                    Long.parseLong(beats.get(i)));
        }
    }

    /** A level set from the shell changes what is logged at once: a debug line appears after log:set, not before. */
    @Test
    public void aLevelSetFromTheShellChangesTheOutputAtOnce() throws Exception {
        home.launcher("start").assertExit(OK);
        home.launcher("client", "log:get io.procdaemon.shell").assertExit(OK);
        assertNull("no debug line before log:set:\n" + home.log(), DistributionHome.firstLine(home.log(), "session opened"));
        String set = home.launcher("client", "log:set DEBUG io.procdaemon.shell").assertExit(OK).output();
        assertTrue(set, set.contains("io.procdaemon.shell: debug (was info)"));
        home.launcher("client", "daemon:status").assertExit(OK);
        String debug = home.awaitLogLine("attached shell: session opened");
        assertTrue(debug, debug.contains(" FINE    [io.procdaemon.shell] "));

        String get = home.launcher("client", "log:get ALL").assertExit(OK).output();
        assertTrue(get, get.contains("io.procdaemon.shell") && get.contains("debug"));
        String display = home.launcher("client", "log:display -n 3").assertExit(OK).output();
        assertEquals(display, 3, display.lines().filter(line -> line.matches("^\\d{4}-.*")).count());
        String bad = home.launcher("client", "log:set verbose org.acme").assertExit(FAILURE).output();
        assertTrue(bad, bad.contains("unknown level 'verbose'; valid: trace, debug, info, warn, error, off, default"));
    }

    /** log:tail follows the log until the client leaves. */
    @Test
    public void logTailFollowsNewLines() throws Exception {
        home.launcher("start").assertExit(OK);
        DistributionHome.Spawned tail = home.spawn(List.of(), "client", "log:tail -n 1");
        home.deploy("examples.jar", DistributionHome.examplesJar());
        tail.awaitLine("bundle started: io.procdaemon.examples");
        tail.awaitLine("[subsystem=heartbeat] heartbeat 2");
        tail.process().destroy();
        assertEquals("the client left: its session ended, the daemon runs on", OK, home.launcher("status").exitCode());
    }

    /**
     * Under start the JVM's own output (here a thread dump, SIGQUIT) goes to log/proc-daemon.out
     * and the log to log/proc-daemon.log: each in one place, once. A subsystem's text lines carry
     * its name.
     */
    @Test
    public void underStartTheJvmsOwnOutputAndTheLogGoEachToTheirFile() throws Exception {
        home.launcher("start").assertExit(OK);
        home.deploy("examples.jar", DistributionHome.examplesJar());
        String beat = home.awaitLogLine("] heartbeat 1");
        assertTrue(beat, beat.contains(" INFO    [io.procdaemon.examples.heartbeat] [subsystem=heartbeat] heartbeat 1"));
        long pid = Long.parseLong(home.readTrimmed("data/daemon.pid"));
        DistributionHome.kill("QUIT", pid);
        DistributionHome.await("a thread dump in log/proc-daemon.out", () -> out().contains("Full thread dump"), this::out);
        home.launcher("stop").assertExit(OK);

        assertFalse("no thread dump in the log:\n" + home.log(), home.log().contains("Full thread dump"));
        assertFalse("no log line in the JVM's output:\n" + out(), out().contains("proc-daemon ready in"));
        assertEquals(1, DistributionHome.countLines(home.log(), "proc-daemon ready in"));
        assertFalse("no color in a file", home.log().contains("\u001b["));
    }

    /**
     * What a bundle prints to System.out and System.err arrives in the log, formatted, as JSON too,
     * under the loggers stdout (INFO) and stderr (WARNING), and not in the JVM's own output.
     */
    @Test
    public void whatBundlesPrintArrivesInTheLog() throws Exception {
        home.launcher(Map.of("DAEMON_LOGGING__JSON", "true"), "start").assertExit(OK);
        home.deploy("printing.jar", FixtureJars.printingBundle());
        home.awaitLogLine(PrintingBundle.ERR);
        home.launcher("stop").assertExit(OK);

        List<JsonNode> lines = jsonLines(home.log());
        JsonNode out = only(lines, "message", PrintingBundle.OUT);
        assertEquals("stdout", out.get("logger").asString());
        assertEquals("INFO", out.get("level").asString());
        JsonNode err = only(lines, "message", PrintingBundle.ERR);
        assertEquals("stderr", err.get("logger").asString());
        assertEquals("WARNING", err.get("level").asString());
        assertFalse("not in the JVM's own output:\n" + out(), out().contains("printed to System."));
    }

    /** Under run, the console and a file named by logging.file both get every line; no color without a terminal. */
    @Test
    public void underRunTheConsoleAndANamedFile() throws Exception {
        DistributionHome.Foreground daemon = home.runInForeground(Map.of("DAEMON_LOGGING__FILE", "log/run.log"));
        daemon.awaitReady();
        String ready = daemon.awaitLine("proc-daemon ready in");
        DistributionHome.kill("TERM", daemon.pid());
        assertEquals(OK, daemon.awaitExit());

        String file = Files.readString(home.path("log/run.log"));
        assertEquals(1, DistributionHome.countLines(file, ready.substring(ready.indexOf("proc-daemon ready in"))));
        assertTrue(file, file.contains("proc-daemon stopped; exit code 0"));
        assertTrue(daemon.output(), daemon.output().contains("proc-daemon stopped; exit code 0"));
        assertFalse("no color without a terminal:\n" + daemon.output(), daemon.output().contains("\u001b["));
        assertFalse("log/proc-daemon.log is start's", Files.exists(home.path("log/proc-daemon.log")));
    }

    private String out() {
        return read("log/proc-daemon.out");
    }

    private String read(String relative) {
        try {
            Path file = home.path(relative);
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<JsonNode> jsonLines(String log) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : log.lines().toList()) {
            try {
                JsonNode node = JSON.readTree(line);
                assertTrue("an object: " + line, node.isObject());
                lines.add(node);
            } catch (RuntimeException e) {
                fail("not a JSON line: " + line + " (" + e.getMessage() + ")\n" + log);
            }
        }
        return lines;
    }

    private static JsonNode only(List<JsonNode> lines, String field, String value) {
        List<JsonNode> found = lines.stream().filter(line -> line.has(field) && line.get(field).asString().equals(value)).toList();
        assertEquals(field + " = " + value + ": " + found, 1, found.size());
        return found.get(0);
    }

    private static JsonNode first(List<JsonNode> lines, String start) {
        JsonNode found = lines.stream().filter(line -> line.get("message").asString().startsWith(start)).findFirst().orElse(null);
        assertNotNull("a line starting '" + start + "'", found);
        return found;
    }
}
