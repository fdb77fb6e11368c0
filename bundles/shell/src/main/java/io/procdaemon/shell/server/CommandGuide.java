package io.procdaemon.shell.server;

import java.util.List;
import java.util.Optional;

/**
 * What an error message may say about the session's commands: how a command is typed, and why
 * an argument names nothing it takes. {@link CommandErrors} asks it when Gogo found the command
 * but none of its forms takes the arguments, so the operator reads the usage instead of Gogo's
 * "Cannot coerce".
 */
public interface CommandGuide {

    /**
     * @param typed a command name as typed: scoped ({@code daemon:info}) or not ({@code stop})
     * @return the command Gogo runs for it ({@code felix:stop}), or empty when there is none
     */
    Optional<String> resolve(String typed);

    /** @return one line per form of the command ({@code daemon:info <name>}); empty if unknown */
    List<String> usage(String command);

    /**
     * @param command a resolved command ({@code felix:stop})
     * @param arguments its arguments as typed, options included
     * @return why an argument names nothing the command takes, with what to type instead
     *         ({@code 'heartbeat' is a subsystem, not a bundle: daemon:stop heartbeat}), or empty
     */
    Optional<String> misnamed(String command, List<String> arguments);

    /**
     * Asked before Gogo runs a line, for a command that would do the wrong thing quietly rather
     * than fail: Gogo's {@code start} reads a word that is no bundle as a location to install from,
     * prints "no protocol" and ends as if it succeeded.
     *
     * @param line the command line as typed
     * @return why the line is not run, with what to type instead; empty to run it
     */
    Optional<String> refuse(String line);
}
