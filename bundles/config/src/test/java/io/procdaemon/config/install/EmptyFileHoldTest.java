package io.procdaemon.config.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hold of an empty file, on a clock the test moves; the timer's callback is ignored here. */
class EmptyFileHoldTest {

    @TempDir
    Path folder;

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final EmptyFileHold hold = new EmptyFileHold(now::get, file -> { });

    @AfterEach
    void close() {
        hold.close();
    }

    private void elapse(long millis) {
        now.addAndGet(millis * 1_000_000L);
    }

    private Path file(String content) throws IOException {
        return Files.writeString(folder.resolve("app.toml"), content);
    }

    @Test
    void aFileWithTextIsAppliedAtOnce() throws IOException {
        assertEquals(EmptyFileHold.Verdict.APPLY, hold.hold(file("a = 1\n"), true));
    }

    @Test
    void anEmptyFileIsAppliedAtOnceWhenItsConfigurationHasNoKeys() throws IOException {
        assertEquals(EmptyFileHold.Verdict.APPLY, hold.hold(file(""), false));
    }

    @Test
    void anEmptyFileOverKeysIsHeldUntilItHasStayedEmptyForTheSettleTime() throws IOException {
        Path file = file("");
        assertEquals(EmptyFileHold.Verdict.HELD, hold.hold(file, true));
        assertEquals(EmptyFileHold.Verdict.STILL_HELD, hold.hold(file, true), "reported again, as it is");
        elapse(EmptyFileHold.SETTLE.toMillis() - 1);
        assertFalse(hold.settled(file), "not yet");
        elapse(1);
        assertTrue(hold.settled(file));
        assertFalse(hold.settled(file), "the hold has ended");
    }

    @Test
    void aWriteDuringTheHoldEndsItWithoutEffect() throws IOException {
        Path file = file("");
        assertEquals(EmptyFileHold.Verdict.HELD, hold.hold(file, true));
        file("greeting = = \"x\"\n");
        elapse(EmptyFileHold.SETTLE.toMillis());
        assertFalse(hold.settled(file), "the file has text now: FileInstall reports it, and it is applied (or refused) as such");
    }

    @Test
    void aFileEmptiedAgainIsHeldAgainFromThen() throws IOException {
        Path file = file("");
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_000));
        assertEquals(EmptyFileHold.Verdict.HELD, hold.hold(file, true));
        elapse(1_000);
        Files.setLastModifiedTime(file, FileTime.fromMillis(2_000)); // truncated once more
        assertEquals(EmptyFileHold.Verdict.HELD, hold.hold(file, true));
        elapse(EmptyFileHold.SETTLE.toMillis() - 1_000);
        assertFalse(hold.settled(file), "the first hold's timer: the second hold is younger");
        elapse(1_000);
        assertTrue(hold.settled(file));
    }

    @Test
    void aFileDeletedDuringTheHoldIsNotApplied() throws IOException {
        Path file = file("");
        hold.hold(file, true);
        Files.delete(file);
        elapse(EmptyFileHold.SETTLE.toMillis());
        assertFalse(hold.settled(file), "its removal is FileInstall's to report");
    }
}
