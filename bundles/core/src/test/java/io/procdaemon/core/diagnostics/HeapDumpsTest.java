package io.procdaemon.core.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Heap dumps of this JVM, through its real HotSpotDiagnostic MBean. */
class HeapDumpsTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:40:01Z");

    @TempDir
    Path folder;

    @Test
    void writesAnHprofNamedByTimeAndDetail() throws IOException {
        Path file = HeapDumps.write(new DumpFiles(folder.resolve("data")), AT, "rss");
        assertEquals(folder.resolve("data/heap-2026-12-01T104001Z-rss.hprof").toAbsolutePath(), file);
        try (InputStream in = Files.newInputStream(file)) {
            assertEquals("JAVA PROFILE 1.0.2", new String(in.readNBytes(18), StandardCharsets.US_ASCII));
        }
        // a second one in the same second does not overwrite it (the JVM would refuse to anyway)
        assertEquals("heap-2026-12-01T104001Z-2-rss.hprof",
                HeapDumps.write(new DumpFiles(folder.resolve("data")), AT, "rss").getFileName().toString());
    }

    @Test
    void anUnwritableFolderIsAnErrorNamingIt() throws IOException {
        Path notAFolder = Files.writeString(folder.resolve("data"), "a file where data/ should be");
        IOException e = assertThrows(IOException.class, () -> HeapDumps.write(new DumpFiles(notAFolder), AT, ""));
        assertTrue(e.getMessage().contains(notAFolder.toString()), e.getMessage());
    }
}
