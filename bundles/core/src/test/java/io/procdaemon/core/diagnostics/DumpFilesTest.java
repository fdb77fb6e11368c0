package io.procdaemon.core.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpFilesTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:32:05.789Z");

    @TempDir
    Path folder;

    @Test
    void namesAreKindUtcTimeToTheSecondWithoutColonsThenTheDetail() {
        assertEquals("flight-2026-12-01T103205Z-subsystem-failed-flaky",
                DumpFiles.name("flight", AT, "subsystem-failed-flaky", ""));
        assertEquals("profile-2026-12-01T103205Z", DumpFiles.name("profile", AT, "", ""));
    }

    @Test
    void aDetailKeepsOnlySafeCharactersAndIsBounded() {
        assertEquals("heap-2026-12-01T103205Z-a_b_.._c", DumpFiles.name("heap", AT, "a/b:../c", ""));
        assertEquals(64, DumpFiles.name("heap", AT, "x".repeat(100), "").length() - "heap-2026-12-01T103205Z-".length());
    }

    @Test
    void theFolderIsCreatedAndAFileOfTheSameSecondGetsANumber() throws IOException {
        DumpFiles files = new DumpFiles(folder.resolve("data"));
        Path first = files.next("flight", AT, "x", ".jfr");
        assertEquals(folder.resolve("data/flight-2026-12-01T103205Z-x.jfr").toAbsolutePath(), first);
        assertTrue(first.isAbsolute());
        Files.writeString(first, "");
        assertEquals("flight-2026-12-01T103205Z-2-x.jfr", files.next("flight", AT, "x", ".jfr").getFileName().toString());
    }

    @Test
    void aFolderThatCannotBeCreatedIsAnErrorNamingIt() throws IOException {
        Path notAFolder = Files.writeString(folder.resolve("data"), "a file where data/ should be");
        IOException e = assertThrows(IOException.class, () -> new DumpFiles(notAFolder).next("heap", AT, "", ".hprof"));
        assertEquals("cannot create the folder " + notAFolder + " (FileAlreadyExistsException: " + notAFolder + ")",
                e.getMessage());
    }

    @Test
    void pruneDeletesTheOldestOfOneKindOnly() throws IOException {
        DumpFiles files = new DumpFiles(folder);
        for (String name : List.of("flight-2026-12-01T103205Z-a.jfr", "flight-2026-12-01T103206Z-b.jfr",
                "flight-2026-11-30T235959Z-c.jfr", "profile-2026-01-01T000000Z.jfr", "flight-notes.jfr",
                "heap-2026-01-01T000000Z.hprof")) {
            Files.writeString(folder.resolve(name), "");
        }
        // same second: the one written first is the older
        Path sameSecondFirst = Files.writeString(folder.resolve("flight-2026-12-01T103206Z-z.jfr"), "");
        Files.setLastModifiedTime(sameSecondFirst, FileTime.from(AT.minusSeconds(10)));
        Path sameSecondLater = Files.writeString(folder.resolve("flight-2026-12-01T103206Z-2-z.jfr"), "");
        Files.setLastModifiedTime(sameSecondLater, FileTime.from(AT));
        Files.setLastModifiedTime(folder.resolve("flight-2026-12-01T103206Z-b.jfr"), FileTime.from(AT.minusSeconds(20)));

        List<Path> deleted = files.prune("flight", ".jfr", 2);

        assertEquals(List.of(folder.resolve("flight-2026-11-30T235959Z-c.jfr"), folder.resolve("flight-2026-12-01T103205Z-a.jfr"),
                folder.resolve("flight-2026-12-01T103206Z-b.jfr")), deleted);
        try (Stream<Path> left = Files.list(folder)) {
            assertEquals(List.of("flight-2026-12-01T103206Z-2-z.jfr", "flight-2026-12-01T103206Z-z.jfr", "flight-notes.jfr",
                    "heap-2026-01-01T000000Z.hprof", "profile-2026-01-01T000000Z.jfr"),
                    left.map(path -> path.getFileName().toString()).sorted().toList());
        }
    }
}
