package io.procdaemon.shell.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.procdaemon.api.DaemonException;

/**
 * Turns a failed command into the one line the operator reads: the command's own message, without
 * exception class names, and for a mistyped command name the commands it may have meant.
 */
public final class CommandErrors {

    private CommandErrors() {
    }

    /**
     * @param line the command line as typed
     * @param failure what it threw
     * @param commands the session's command names, for suggestions
     * @return the error line
     */
    public static String message(String line, Throwable failure, List<String> commands) {
        Throwable cause = failure;
        while (cause.getCause() != null && (cause.getMessage() == null || cause instanceof java.lang.reflect.InvocationTargetException)) {
            cause = cause.getCause();
        }
        if (cause instanceof InterruptedException) {
            return "interrupted";
        }
        if (cause instanceof DaemonException daemon) {
            return daemon.detail();
        }
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            return cause.getClass().getSimpleName() + " running '" + line.strip() + "'";
        }
        if (message.startsWith("Cannot coerce ")) {
            // Gogo found the command but no form of it takes these arguments (a bundle id that
            // does not exist, a word where a number goes).
            String command = line.strip().split("\\s+")[0];
            return "'" + line.strip() + "': no form of " + command + " takes these arguments (Gogo: " + message
                    + "); 'help " + command + "' shows its usage, 'lb' the bundle ids";
        }
        String missing = notFound(message);
        if (missing != null) {
            List<String> near = near(missing, commands);
            return "no command '" + missing + "'" + (near.isEmpty() ? "; 'help' lists the commands"
                    : "; did you mean: " + String.join(", ", near));
        }
        return message;
    }

    /** Gogo says "Command not found: name". */
    private static String notFound(String message) {
        String prefix = "Command not found: ";
        return message.startsWith(prefix) ? message.substring(prefix.length()).strip() : null;
    }

    /** Commands whose name (with or without scope) is within two edits of the input, or starts with it. */
    static List<String> near(String input, List<String> commands) {
        String wanted = input.toLowerCase(Locale.ROOT);
        String wantedFunction = wanted.contains(":") ? wanted.substring(wanted.indexOf(':') + 1) : wanted;
        List<String> result = new ArrayList<>();
        for (String command : commands) {
            String full = command.toLowerCase(Locale.ROOT);
            String function = full.contains(":") ? full.substring(full.indexOf(':') + 1) : full;
            boolean close = distance(wanted, full) <= 2 || distance(wantedFunction, function) <= 1
                    || (wantedFunction.length() >= 3 && function.startsWith(wantedFunction));
            if (close && !result.contains(command)) {
                result.add(command);
            }
        }
        // Closest first: 'daemon:lst' should offer daemon:list before scr:list.
        result.sort(java.util.Comparator.comparingInt(command -> distance(wanted, command.toLowerCase(Locale.ROOT))));
        return result.size() > 8 ? result.subList(0, 8) : result;
    }

    /** Levenshtein distance; names are short. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
