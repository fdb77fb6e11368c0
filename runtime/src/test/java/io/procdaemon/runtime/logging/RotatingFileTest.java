package io.procdaemon.runtime.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileTest {

    @TempDir
    Path folder;

    @Test
    void keepsMaxFilesNamedAsKarafDoesNeverSplittingALine() throws IOException {
        Path log = folder.resolve("logs/proc-daemon.log");
        try (RotatingFile file = new RotatingFile(log, 100, 3)) {
            for (int i = 0; i < 20; i++) {
                file.write(String.format("line %02d %s%n", i, "x".repeat(30)).getBytes(StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of("proc-daemon.log", "proc-daemon.log.1", "proc-daemon.log.2"), names());
        for (String name : names()) {
            Path path = folder.resolve("logs").resolve(name);
            assertTrue(Files.size(path) <= 100, name + " within the limit: " + Files.size(path));
            Files.readAllLines(path).forEach(line -> assertTrue(line.matches("line \\d\\d x{30}"), name + ": " + line));
        }
        assertEquals("line 19", Files.readAllLines(log).get(Files.readAllLines(log).size() - 1).substring(0, 7),
                "the newest line in the file written");
        assertEquals("line 17", Files.readAllLines(folder.resolve("logs/proc-daemon.log.1")).get(1).substring(0, 7));
    }

    @Test
    void aRestartAppendsAndALowerLimitDropsTheFilesPastIt() throws IOException {
        Path log = folder.resolve("proc-daemon.log");
        try (RotatingFile file = new RotatingFile(log, 10, 5)) {
            for (int i = 0; i < 6; i++) {
                file.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        assertEquals(5, names().size(), names().toString());
        try (RotatingFile file = new RotatingFile(log, 10, 5)) {
            assertEquals("line 5\n", Files.readString(log), "continued, not truncated");
            file.limits(10, 2);
            file.write("line 6\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("proc-daemon.log", "proc-daemon.log.1"), names());
        assertEquals("line 5\n", Files.readString(folder.resolve("proc-daemon.log.1")));
    }

    @Test
    void oneFileIsEmptiedAndNoLimitNeverRotates() throws IOException {
        Path log = folder.resolve("one.log");
        try (RotatingFile file = new RotatingFile(log, 10, 1)) {
            file.write("first line\n".getBytes(StandardCharsets.UTF_8));
            file.write("second\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("second\n", Files.readString(log));
        Path unlimited = folder.resolve("unlimited.log");
        try (RotatingFile file = new RotatingFile(unlimited, 0, 3)) {
            for (int i = 0; i < 100; i++) {
                file.write("a line of text\n".getBytes(StandardCharsets.UTF_8));
            }
        }
        assertFalse(Files.exists(folder.resolve("unlimited.log.1")));
        assertEquals(1500, Files.size(unlimited));
    }

    private List<String> names() throws IOException {
        Path logs = Files.isDirectory(folder.resolve("logs")) ? folder.resolve("logs") : folder;
        try (Stream<Path> files = Files.list(logs)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("proc-daemon")).sorted().toList();
        }
    }
}
