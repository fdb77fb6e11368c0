package io.procdaemon.config.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class UncheckedFilesTest {

    private final UncheckedFiles unchecked = new UncheckedFiles();

    private static Hashtable<String, Object> port(long port) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("port", port);
        return properties;
    }

    @Test
    void aCheckedWriteLeavesNothingToTakeBack() {
        unchecked.written("web", true, port(8080));
        assertTrue(unchecked.takeBack("web").isEmpty());
    }

    @Test
    void anUncheckedWriteTakesBackToWhatWasBefore() {
        unchecked.written("web", false, port(8080));
        assertEquals(Optional.of(Optional.of(port(8080))), unchecked.takeBack("web"));
        assertTrue(unchecked.takeBack("web").isEmpty(), "taken back once");
    }

    @Test
    void anUncheckedWriteOfANewConfigurationTakesBackToNone() {
        unchecked.written("web", false, null);
        assertEquals(Optional.of(Optional.empty()), unchecked.takeBack("web"));
    }

    @Test
    void aRunOfUncheckedWritesTakesBackToWhatWasBeforeTheFirst() {
        unchecked.written("web", false, port(8080));
        unchecked.written("web", false, port(8081));
        assertEquals(Optional.of(Optional.of(port(8080))), unchecked.takeBack("web"));
    }

    @Test
    void aCheckedWriteEndsTheRun() {
        unchecked.written("web", false, port(8080));
        unchecked.written("web", true, port(8081));
        unchecked.written("web", false, port(8082));
        assertEquals(Optional.of(Optional.of(port(8082))), unchecked.takeBack("web"));
    }

    @Test
    void theKeptStateIsACopy() {
        Hashtable<String, Object> before = port(8080);
        unchecked.written("web", false, before);
        before.put("port", 1L);
        assertEquals(Optional.of(Optional.of(port(8080))), unchecked.takeBack("web"));
    }
}
