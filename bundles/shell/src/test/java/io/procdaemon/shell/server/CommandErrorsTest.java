package io.procdaemon.shell.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Optional;

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

    /** Knows daemon:info, config:get (two forms) and felix:stop, whose 'heartbeat' is a subsystem. */
    private static final CommandGuide GUIDE = new CommandGuide() {
        @Override
        public Optional<String> resolve(String typed) {
            return Optional.of(typed.contains(":") ? typed : "felix:" + typed);
        }

        @Override
        public List<String> usage(String command) {
            return switch (command) {
                case "daemon:info" -> List.of("daemon:info <name>");
                case "config:get" -> List.of("config:get <pid>", "config:get <pid> <key>");
                default -> List.of();
            };
        }

        @Override
        public Optional<String> misnamed(String command, List<String> arguments) {
            return command.equals("felix:stop") && arguments.equals(List.of("heartbeat"))
                    ? Optional.of("'heartbeat' is a subsystem, not a bundle: did you mean 'daemon:stop heartbeat'?")
                    : Optional.empty();
        }

        @Override
        public Optional<String> refuse(String line) {
            return Optional.empty();
        }
    };

    @Test
    void argumentsNoFormTakesPrintTheUsageNotGogosWords() {
        String none = CommandErrors.message("daemon:info", new IllegalArgumentException(
                "Cannot coerce info() to any of [(String)]"), COMMANDS, GUIDE);
        assertEquals("daemon:info: wrong arguments in 'daemon:info'; usage: daemon:info <name>\n"
                + "('help daemon:info' describes each argument)", none);
        String two = CommandErrors.message(" daemon:info a b ", new IllegalArgumentException(
                "Cannot coerce info(Token, Token) to any of [(String)]"), COMMANDS, GUIDE);
        assertTrue(two.startsWith("daemon:info: wrong arguments in 'daemon:info a b'; usage: daemon:info <name>"), two);
        String forms = CommandErrors.message("config:get", new IllegalArgumentException(
                "Cannot coerce get() to any of [(String), (String, String)]"), COMMANDS, GUIDE);
        assertEquals("config:get: wrong arguments in 'config:get'; usage:\n  config:get <pid>\n  config:get <pid> <key>\n"
                + "('help config:get' describes each argument)", forms);
        for (String message : List.of(none, two, forms)) {
            assertFalse(message.contains("Cannot coerce") || message.contains("Gogo") || message.contains("'lb'"), message);
        }
    }

    @Test
    void aSubsystemWhereABundleGoesSaysWhichCommandWasMeant() {
        assertEquals("'heartbeat' is a subsystem, not a bundle: did you mean 'daemon:stop heartbeat'?",
                CommandErrors.message("stop heartbeat", new IllegalArgumentException(
                        "Cannot coerce stop(Token) to any of [(boolean, Bundle[])]"), COMMANDS, GUIDE));
    }

    @Test
    void aCommandTheGuideHasNoUsageForNamesHelp() {
        assertEquals("felix:lb: wrong arguments in 'lb x y'; 'help felix:lb' shows its usage", CommandErrors.message(
                "lb x y", new IllegalArgumentException("Cannot coerce lb(Token, Token) to any of [(boolean)]"), COMMANDS, GUIDE));
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
        String message = CommandErrors.message("daemon:lst", notFound, COMMANDS, GUIDE);
        assertTrue(message.startsWith("no command 'daemon:lst'; did you mean: "), message);
        assertTrue(message.contains("daemon:list"), message);
    }

    @Test
    void withoutSuggestionsHelpIsNamed() {
        assertEquals("no command 'xyzzy'; 'help' lists the commands",
                CommandErrors.message("xyzzy 1 2", new IllegalArgumentException("Command not found: xyzzy"), COMMANDS, GUIDE));
        assertEquals("no command 'daemon:list'; 'help' lists the commands",
                CommandErrors.message("daemon:list", new IllegalArgumentException("Command not found: daemon:list"), List.of(), GUIDE));
    }

    @Test
    void aDaemonExceptionShowsItsDetailWithoutTheCode() {
        DaemonException failure = new DaemonException(ErrorCode.SUBSYSTEM_NOT_FOUND, "no subsystem 'htp'; known: http");
        assertEquals("no subsystem 'htp'; known: http", CommandErrors.message("daemon:info htp", failure, COMMANDS, GUIDE));
        assertEquals("no subsystem 'htp'; known: http", CommandErrors.message("daemon:info htp",
                new InvocationTargetException(failure), COMMANDS, GUIDE));
    }

    @Test
    void anInterruptIsInterrupted() {
        assertEquals("interrupted", CommandErrors.message("daemon:events -f", new InterruptedException(), COMMANDS, GUIDE));
        assertEquals("interrupted", CommandErrors.message("daemon:events -f", new InterruptedException("sleep interrupted"), COMMANDS, GUIDE));
        assertEquals("interrupted", CommandErrors.message("daemon:events -f",
                new InvocationTargetException(new InterruptedException()), COMMANDS, GUIDE));
    }

    @Test
    void anInvocationTargetExceptionIsUnwrapped() {
        assertEquals("--timeout 'abc' is not a duration", CommandErrors.message("daemon:shutdown -t abc",
                new InvocationTargetException(new IllegalArgumentException("--timeout 'abc' is not a duration"), "invoking"), COMMANDS, GUIDE));
        assertEquals("deep", CommandErrors.message("x",
                new InvocationTargetException(new InvocationTargetException(new IllegalStateException("deep"))), COMMANDS, GUIDE));
    }

    @Test
    void aMessagelessFailureIsNamedWithTheLine() {
        assertEquals("NullPointerException running 'daemon:list'",
                CommandErrors.message("  daemon:list ", new NullPointerException(), COMMANDS, GUIDE));
        assertEquals("IllegalStateException running 'daemon:list'",
                CommandErrors.message("daemon:list", new IllegalStateException(" "), COMMANDS, GUIDE));
    }

    @Test
    void aCommandsOwnMessageIsKeptAsItIs() {
        assertEquals("no subsystem 'htp'; known: http, worker", CommandErrors.message("daemon:info htp",
                new IllegalArgumentException("no subsystem 'htp'; known: http, worker"), COMMANDS, GUIDE));
        // A wrapper with a message of its own is what the command said.
        assertEquals("daemon:events: closed", CommandErrors.message("daemon:events",
                new IllegalStateException("daemon:events: closed", new java.io.IOException("closed")), COMMANDS, GUIDE));
    }
}
