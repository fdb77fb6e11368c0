package io.procdaemon.shell.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.procdaemon.api.DaemonException;

/**
 * Turns a failed command into the one line the operator reads: the command's own message, without
 * exception class names; for a mistyped command name the commands it may have meant; for
 * arguments no form of a command takes (Gogo's "Cannot coerce"), the command's usage, or what an
 * argument should have been ({@link CommandGuide}). Gogo's own words never reach the operator.
 */
public final class CommandErrors {

    /** How Gogo says that a command exists but none of its forms takes the arguments given. */
    private static final String COERCE = "Cannot coerce ";

    private CommandErrors() {
    }

    /**
     * @param line the command line as typed
     * @param failure what it threw
     * @param commands the session's command names, for suggestions
     * @param guide the commands' usage, for arguments no form of a command takes
     * @return the error line
     */
    public static String message(String line, Throwable failure, List<String> commands, CommandGuide guide) {
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
        if (message.startsWith(COERCE) && message.indexOf('(') > COERCE.length()) {
            return wrongArguments(line.strip(), message.substring(COERCE.length(), message.indexOf('(')), guide);
        }
        String missing = notFound(message);
        if (missing != null) {
            List<String> near = near(missing, commands);
            return "no command '" + missing + "'" + (near.isEmpty() ? "; 'help' lists the commands"
                    : "; did you mean: " + String.join(", ", near));
        }
        return message;
    }

    /**
     * Gogo found the command but no form of it takes these arguments (too few, too many, a word
     * where a number or a bundle goes): what was wrong if the guide can tell (a subsystem's name
     * where a bundle goes), else the command's usage.
     *
     * @param function the function Gogo names ({@code info}), without its scope
     */
    private static String wrongArguments(String line, String function, CommandGuide guide) {
        List<String> words = List.of(line.split("\\s+"));
        // The word that named the command: the first whose function is Gogo's (a line may start with 'x = ').
        int at = 0;
        while (at < words.size() && !words.get(at).equalsIgnoreCase(function)
                && !words.get(at).toLowerCase(Locale.ROOT).endsWith(":" + function)) {
            at++;
        }
        String typed = at < words.size() ? words.get(at) : function;
        List<String> arguments = at < words.size() ? words.subList(at + 1, words.size()) : List.of();
        String command = guide.resolve(typed).orElse(typed);
        java.util.Optional<String> misnamed = guide.misnamed(command, arguments);
        if (misnamed.isPresent()) {
            return misnamed.get();
        }
        List<String> usage = guide.usage(command);
        String wrong = command + ": wrong arguments in '" + line + "'";
        if (usage.isEmpty()) {
            return wrong + "; 'help " + command + "' shows its usage";
        }
        return wrong + "; usage:" + (usage.size() == 1 ? " " + usage.get(0) : "\n  " + String.join("\n  ", usage))
                + "\n('help " + command + "' describes each argument)";
    }

    /** Gogo says "Command not found: name". */
    private static String notFound(String message) {
        String prefix = "Command not found: ";
        return message.startsWith(prefix) ? message.substring(prefix.length()).strip() : null;
    }

    /** Commands whose name (with or without scope) is within two edits of the input, or starts with it. */
    public static List<String> near(String input, List<String> commands) {
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
