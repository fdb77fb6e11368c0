package io.procdaemon.shell.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** How a line is cut into words for completion: the last word is the one being typed. */
class CompletionsTest {

    @Test
    void anEmptyLineIsOneEmptyWord() {
        assertEquals(List.of(""), Completions.words(""));
        assertEquals(List.of(""), Completions.words("   "));
    }

    @Test
    void aTrailingBlankStartsANewWord() {
        assertEquals(List.of("daemon:info", ""), Completions.words("daemon:info "));
        assertEquals(List.of("daemon:info", "cl"), Completions.words("daemon:info cl"));
        assertEquals(List.of("config:set", "pid", "key"), Completions.words("  config:set  pid\tkey"));
    }
}
