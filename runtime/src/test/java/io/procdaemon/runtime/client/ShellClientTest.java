package io.procdaemon.runtime.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** How the launcher's words become one Gogo command line. */
class ShellClientTest {

    @Test
    void oneArgumentIsAWholeLineAsTyped() {
        assertEquals("config:set app greeting \"a b\"", ShellClient.commandLine(List.of("config:set app greeting \"a b\"")));
    }

    @Test
    void plainWordsStayAsTheyAre() {
        assertEquals("daemon:info flaky", ShellClient.commandLine(List.of("daemon:info", "flaky")));
        assertEquals("config:set io.procdaemon.daemon shutdown.graceful 3000",
                ShellClient.commandLine(List.of("config:set", "io.procdaemon.daemon", "shutdown.graceful", "3000")));
    }

    @Test
    void wordsWithGogoSyntaxAreQuotedSoTheyStayOneValue() {
        assertEquals("config:set app greeting \"a|b\"", ShellClient.commandLine(List.of("config:set", "app", "greeting", "a|b")));
        assertEquals("config:set app greeting \"x; daemon:shutdown\"",
                ShellClient.commandLine(List.of("config:set", "app", "greeting", "x; daemon:shutdown")));
        assertEquals("config:set app greeting \"say \\\"hi\\\" \\$HOME \\\\\"",
                ShellClient.commandLine(List.of("config:set", "app", "greeting", "say \"hi\" $HOME \\")));
        assertEquals("config:set app greeting \"\"", ShellClient.commandLine(List.of("config:set", "app", "greeting", "")));
    }
}
