package io.procdaemon.core.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jdk.jfr.consumer.RecordingFile;

/** The profiler on this JVM's real JFR, with a fixed clock for the names. */
class ProfilerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:32:05Z"), ZoneOffset.UTC);

    @TempDir
    Path folder;
    private Profiler profiler;

    @AfterEach
    void discard() {
        if (profiler != null) {
            profiler.discard();
        }
    }

    @Test
    void stopWithoutStartSaysSo() {
        profiler = new Profiler(new DumpFiles(folder), CLOCK);
        IllegalStateException e = assertThrows(IllegalStateException.class, profiler::stop);
        assertEquals("no profile is running, nothing to stop; 'daemon:profile start' starts one", e.getMessage());
        assertThrows(IllegalStateException.class, profiler::dump);
    }

    @Test
    void startTwiceSaysSinceWhen() {
        profiler = new Profiler(new DumpFiles(folder), CLOCK);
        profiler.start();
        IllegalStateException e = assertThrows(IllegalStateException.class, profiler::start);
        assertTrue(e.getMessage().startsWith("a profile is running already, since 2026-12-01T103205Z (0 s)"), e.getMessage());
    }

    @Test
    void dumpKeepsProfilingAndStopEndsIt() throws IOException {
        profiler = new Profiler(new DumpFiles(folder), CLOCK);
        profiler.start();
        Path dumped = profiler.dump();
        assertEquals(folder.resolve("profile-2026-12-01T103205Z.jfr").toAbsolutePath(), dumped);
        Path stopped = profiler.stop();
        assertEquals("profile-2026-12-01T103205Z-2.jfr", stopped.getFileName().toString());
        assertTrue(RecordingFile.readAllEvents(stopped).size() > 0);
        assertThrows(IllegalStateException.class, profiler::stop);
    }

    @Test
    void anUnwritableFolderIsAnErrorNamingItAndTheProfileGoesOn() throws IOException {
        Path notAFolder = Files.writeString(folder.resolve("data"), "a file where data/ should be");
        profiler = new Profiler(new DumpFiles(notAFolder), CLOCK);
        profiler.start();
        IllegalStateException e = assertThrows(IllegalStateException.class, profiler::stop);
        assertTrue(e.getMessage().startsWith("could not write a profile to " + notAFolder), e.getMessage());
        assertTrue(e.getMessage().endsWith("the profile is still running: make room or fix the folder's permissions"
                + " and run 'daemon:profile stop' again"), e.getMessage());
        assertTrue(profiler.status().startsWith("profiling since"), profiler.status());
    }
}
