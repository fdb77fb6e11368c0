package io.procdaemon.shell.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.procdaemon.api.DaemonException;
import io.procdaemon.api.ErrorCode;

/** The one line an operator reads when a command fails. */
class CommandErrorsTest {

    /** A session's command names, sorted as the connection sorts them. */
    private static final List<String> COMMANDS = List.of("config:delete", "config:get", "config:list", "config:set",
            "daemon:events", "daemon:info", "daemon:list", "daemon:reload", "daemon:restart", "daemon:shutdown",
            "daemon:start", "daemon:status", "daemon:stop", "felix:bundlelevel", "felix:headers", "felix:help",
            "felix:lb", "felix:start", "felix:stop", "gogo:cat", "gogo:echo", "gogo:grep");

    @Test
    void distanceIsLevenshtein() {
        assertEquals(0, CommandErrors.distance("", ""));
        assertEquals(0, CommandErrors.distance("list", "list"));
        assertEquals(3, CommandErrors.distance("", "abc"));
        assertEquals(3, CommandErrors.distance("abc", ""));
        assertEquals(1, CommandErrors.distance("lst", "list"), "one insertion");
        assertEquals(1, CommandErrors.distance("list", "lst"), "one deletion");
        assertEquals(1, CommandErrors.distance("lisp", "list"), "one substitution");
        assertEquals(2, CommandErrors.distance("lsit", "list"), "a transposition is two edits");
        assertEquals(3, CommandErrors.distance("kitten", "sitting"));
    }

    @Test
    void argumentsNoFormTakesSayWhereToLook() {
        String message = CommandErrors.message("stop 99", new IllegalArgumentException(
                "Cannot coerce stop(Token) to any of [(boolean, Bundle[])]"), COMMANDS);
        assertEquals("'stop 99': no form of stop takes these arguments (Gogo: Cannot coerce stop(Token) to any of"
                + " [(boolean, Bundle[])]); 'help stop' shows its usage, 'lb' the bundle ids", message);
    }

    @Test
    void aMistypedCommandSuggestsTheOneMeant() {
        List<String> near = CommandErrors.near("daemon:lst", COMMANDS);
        assertTrue(near.contains("daemon:list"), near.toString());
        assertTrue(near.stream().noneMatch(c -> c.endsWith(":stop") || c.endsWith(":status")), near.toString());
        assertTrue(CommandErrors.near("daemon:stauts", COMMANDS).contains("daemon:status"));
        assertTrue(CommandErrors.near("DAEMON:LIST", COMMANDS).contains("daemon:list"), "case does not matter");
    }

    @Test
    void aFunctionNameWithoutScopeFindsScopedCommands() {
        assertTrue(CommandErrors.near("lb", COMMANDS).contains("felix:lb"));
        assertTrue(CommandErrors.near("evnts", COMMANDS).contains("daemon:events"));
        assertEquals(List.of("daemon:restart"), CommandErrors.near("resta", COMMANDS), "a prefix of three or more letters");
    }

    @Test
    void atMostEightSuggestions() {
        List<String> many = List.of("a:x1", "a:x2", "a:x3", "a:x4", "a:x5", "a:x6", "a:x7", "a:x8", "a:x9", "a:x10");
        assertEquals(8, CommandErrors.near("x", many).size());
    }

    @Test
    void gogosCommandNotFoundBecomesTheSuggestions() {
        Exception notFound = new IllegalArgumentException("Command not found: daemon:lst");
        String message = CommandErrors.message("daemon:lst", notFound, COMMANDS);
        assertTrue(message.startsWith("no command 'daemon:lst'; did you mean: "), message);
        assertTrue(message.contains("daemon:list"), message);
    }

    @Test
    void withoutSuggestionsHelpIsNamed() {
        assertEquals("no command 'xyzzy'; 'help' lists the commands",
                CommandErrors.message("xyzzy 1 2", new IllegalArgumentException("Command not found: xyzzy"), COMMANDS));
        assertEquals("no command 'daemon:list'; 'help' lists the commands",
                CommandErrors.message("daemon:list", new IllegalArgumentException("Command not found: daemon:list"), List.of()));
    }

    @Test
    void aDaemonExceptionShowsItsDetailWithoutTheCode() {
        DaemonException failure = new DaemonException(ErrorCode.SUBSYSTEM_NOT_FOUND, "no subsystem 'htp'; known: http");
        assertEquals("no subsystem 'htp'; known: http", CommandErrors.message("daemon:info htp", failure, COMMANDS));
        assertEquals("no subsystem 'htp'; known: http", CommandErrors.message("daemon:info htp",
                new InvocationTargetException(failure), COMMANDS));
    }

    @Test
    void anInterruptIsInterrupted() {
        assertEquals("interrupted", CommandErrors.message("daemon:events -f", new InterruptedException(), COMMANDS));
        assertEquals("interrupted", CommandErrors.message("daemon:events -f", new InterruptedException("sleep interrupted"), COMMANDS));
        assertEquals("interrupted", CommandErrors.message("daemon:events -f",
                new InvocationTargetException(new InterruptedException()), COMMANDS));
    }

    @Test
    void anInvocationTargetExceptionIsUnwrapped() {
        assertEquals("--timeout 'abc' is not a duration", CommandErrors.message("daemon:shutdown -t abc",
                new InvocationTargetException(new IllegalArgumentException("--timeout 'abc' is not a duration"), "invoking"), COMMANDS));
        assertEquals("deep", CommandErrors.message("x",
                new InvocationTargetException(new InvocationTargetException(new IllegalStateException("deep"))), COMMANDS));
    }

    @Test
    void aMessagelessFailureIsNamedWithTheLine() {
        assertEquals("NullPointerException running 'daemon:list'",
                CommandErrors.message("  daemon:list ", new NullPointerException(), COMMANDS));
        assertEquals("IllegalStateException running 'daemon:list'",
                CommandErrors.message("daemon:list", new IllegalStateException(" "), COMMANDS));
    }

    @Test
    void aCommandsOwnMessageIsKeptAsItIs() {
        assertEquals("no subsystem 'htp'; known: http, worker", CommandErrors.message("daemon:info htp",
                new IllegalArgumentException("no subsystem 'htp'; known: http, worker"), COMMANDS));
        // A wrapper with a message of its own is what the command said.
        assertEquals("daemon:events: closed", CommandErrors.message("daemon:events",
                new IllegalStateException("daemon:events: closed", new java.io.IOException("closed")), COMMANDS));
    }
}
