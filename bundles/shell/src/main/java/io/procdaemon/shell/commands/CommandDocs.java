package io.procdaemon.shell.commands;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;

/**
 * A Gogo command's usage and summary, read from its methods' {@link Descriptor} and
 * {@link Parameter} annotations, as Gogo's own help reads them. A method is one form of the
 * command; a form's argument is named by its Java name (the daemon's bundles are compiled with
 * {@code -parameters}), else by a short descriptor ({@code target bundles}: {@code <bundles>}),
 * else by its type. Options show their long name as the value's name ({@code [-n <lines>]}).
 */
final class CommandDocs {

    /** The scopes of the daemon's own commands, in the order {@code help} lists them. */
    static final List<String> DAEMON_SCOPES = List.of("daemon", "config", "log");

    private CommandDocs() {
    }

    /** @return how one form is typed: {@code daemon:events [-f] [-n <lines>]} */
    static String synopsis(String command, Method form) {
        StringBuilder text = new StringBuilder(command);
        java.lang.reflect.Parameter[] parameters = form.getParameters();
        for (java.lang.reflect.Parameter parameter : parameters) {
            if (parameter.getType() == CommandSession.class) {
                continue; // Gogo passes the session itself
            }
            Parameter option = parameter.getAnnotation(Parameter.class);
            if (option == null) {
                text.append(" <").append(name(parameter)).append('>').append(parameter.getType().isArray() ? "..." : "");
            } else if (Parameter.UNSPECIFIED.equals(option.presentValue())) {
                text.append(" [").append(option.names()[0]).append(" <").append(valueName(option, parameter)).append(">]");
            } else {
                text.append(" [").append(option.names()[0]).append(']');
            }
        }
        return text.toString();
    }

    /** @return the summary of a command: the descriptor of its shortest form, up to its first "; " outside parentheses */
    static String summary(List<Method> forms) {
        String text = forms.stream().min(Comparator.comparingInt(Method::getParameterCount))
                .map(form -> form.getAnnotation(Descriptor.class)).map(Descriptor::value).orElse("");
        int depth = 0;
        for (int i = 0; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ';' && depth == 0 && text.charAt(i + 1) == ' ') {
                return text.substring(0, i);
            }
        }
        return text;
    }

    /**
     * @param commands scope:function to its forms
     * @return what {@code help} prints: the daemon's scopes first, in {@link #DAEMON_SCOPES}
     *         order, then Gogo's and the others', each command with its summary
     */
    static String listing(Map<String, List<Method>> commands) {
        int width = commands.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
        StringBuilder text = new StringBuilder("The daemon's commands; 'help <command>' shows one's usage."
                + " Unscoped names are Gogo's first: 'stop 12' stops bundle 12, 'daemon:stop web' a subsystem.\n");
        for (String scope : DAEMON_SCOPES) {
            group(text, scope + ":", commands, width, command -> command.startsWith(scope + ":"));
        }
        group(text, "Gogo's and the framework's:", commands, width,
                command -> !DAEMON_SCOPES.contains(command.substring(0, command.indexOf(':'))));
        return text.toString().stripTrailing();
    }

    private static void group(StringBuilder text, String heading, Map<String, List<Method>> commands, int width,
            java.util.function.Predicate<String> member) {
        List<String> names = commands.keySet().stream().filter(member).sorted().toList();
        if (names.isEmpty()) {
            return;
        }
        text.append('\n').append(heading).append('\n');
        for (String name : names) {
            String summary = summary(commands.get(name));
            text.append("  ").append(summary.isEmpty() ? name : String.format(Locale.ROOT, "%-" + width + "s%s", name, summary))
                    .append('\n');
        }
    }

    /** @return what {@code help <command>} prints: each form's usage, descriptor and arguments */
    static String detail(String command, List<Method> forms) {
        StringBuilder text = new StringBuilder();
        for (Method form : forms.stream().sorted(Comparator.comparingInt(Method::getParameterCount)).toList()) {
            Descriptor described = form.getAnnotation(Descriptor.class);
            text.append(text.length() == 0 ? "" : "\n").append("usage: ").append(synopsis(command, form)).append('\n');
            if (described != null) {
                text.append("  ").append(described.value()).append('\n');
            }
            List<String[]> rows = new ArrayList<>();
            for (java.lang.reflect.Parameter parameter : form.getParameters()) {
                Descriptor about = parameter.getAnnotation(Descriptor.class);
                Parameter option = parameter.getAnnotation(Parameter.class);
                if (parameter.getType() == CommandSession.class) {
                    continue;
                }
                String left = option == null ? "<" + name(parameter) + ">" : String.join(", ", option.names())
                        + (Parameter.UNSPECIFIED.equals(option.presentValue()) ? " <" + valueName(option, parameter) + ">" : "");
                rows.add(new String[] {left, about == null ? "" : about.value()});
            }
            int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0) + 2;
            rows.forEach(row -> text.append(String.format(Locale.ROOT, "    %-" + width + "s%s", row[0], row[1]).stripTrailing())
                    .append('\n'));
        }
        return text.toString().stripTrailing();
    }

    /** An argument's name: its Java name, else a descriptor of two words at most, else its type. */
    private static String name(java.lang.reflect.Parameter parameter) {
        if (parameter.isNamePresent()) {
            return parameter.getName();
        }
        Descriptor about = parameter.getAnnotation(Descriptor.class);
        String described = about == null ? "" : about.value().replaceFirst("^target ", "").strip();
        if (!described.isEmpty() && described.split("\\s+").length <= 2) {
            return described.replaceAll("\\s+", "-");
        }
        Class<?> type = parameter.getType().isArray() ? parameter.getType().getComponentType() : parameter.getType();
        return type.getSimpleName().toLowerCase(Locale.ROOT);
    }

    /** An option's value: its long name without dashes ({@code --lines}: lines), else the argument's name. */
    private static String valueName(Parameter option, java.lang.reflect.Parameter parameter) {
        for (String name : option.names()) {
            if (name.startsWith("--")) {
                return name.substring(2);
            }
        }
        return name(parameter);
    }
}
