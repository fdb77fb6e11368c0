package io.procdaemon.shell.commands;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.Supervisor;
import io.procdaemon.shell.server.CommandErrors;
import io.procdaemon.shell.server.CommandGuide;
import io.procdaemon.shell.server.GogoJobs;

/**
 * The framework's Gogo commands as the operator meets them: {@code help} (Gogo's
 * {@code felix:help}, replaced through a higher service ranking: Gogo runs the highest-ranked
 * service of a scope:function), and the {@link CommandGuide} behind argument errors. Commands are
 * read from the services that carry {@code osgi.command.scope}, as Gogo reads them, each time: a
 * bundle deployed a moment ago brings its commands.
 *
 * <p>A bundle command ({@code felix:stop}) given a subsystem's name says which {@code daemon:}
 * command was meant, since a subsystem is what an operator of this daemon most often names.
 */
@Component(service = {CommandGuide.class, CommandCatalog.class}, property = {"osgi.command.scope=felix",
        "osgi.command.function=help", Constants.SERVICE_RANKING + ":Integer=1"})
public final class CommandCatalog implements CommandGuide {

    private final BundleContext context;
    private final Supervisor supervisor;

    @Activate
    public CommandCatalog(BundleContext context, @Reference Supervisor supervisor) {
        this.context = context;
        this.supervisor = supervisor;
    }

    @Descriptor("lists the commands, the daemon's first, each with a one-line summary")
    public String help() {
        return CommandDocs.listing(commands());
    }

    @Descriptor("shows how a command is typed and what each of its arguments means")
    public String help(@Descriptor("the command, with or without its scope: daemon:info, lb") String command) {
        Map<String, List<Method>> commands = commands();
        String resolved = resolve(command, commands).orElseThrow(() -> {
            List<String> near = CommandErrors.near(command, new ArrayList<>(commands.keySet()));
            return new IllegalArgumentException("no command '" + command + "'" + (near.isEmpty()
                    ? "; 'help' lists the commands" : "; did you mean: " + String.join(", ", near)));
        });
        return CommandDocs.detail(resolved, commands.get(resolved));
    }

    @Override
    public Optional<String> resolve(String typed) {
        return resolve(typed, commands());
    }

    /** As Gogo finds a command: a scoped name as it is, an unscoped one in the session's SCOPE order. */
    private static Optional<String> resolve(String typed, Map<String, List<Method>> commands) {
        // Gogo ignores case in command names; help shows them as their services spell them.
        String name = typed.toLowerCase(Locale.ROOT);
        if (name.contains(":")) {
            return commands.keySet().stream().filter(command -> command.equalsIgnoreCase(name)).findFirst();
        }
        for (String scope : GogoJobs.SCOPE.split(":")) {
            Optional<String> found = commands.keySet().stream().filter(command -> scope.equals("*")
                    ? command.toLowerCase(Locale.ROOT).endsWith(":" + name) : command.equalsIgnoreCase(scope + ":" + name))
                    .findFirst();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    @Override
    public List<String> usage(String command) {
        List<Method> forms = commands().getOrDefault(command, List.of());
        return forms.stream().sorted(java.util.Comparator.comparingInt(Method::getParameterCount))
                .map(form -> CommandDocs.synopsis(command, form)).toList();
    }

    @Override
    public Optional<String> misnamed(String command, List<String> arguments) {
        List<Method> forms = commands().getOrDefault(command, List.of());
        boolean takesBundles = forms.stream().anyMatch(form -> java.util.Arrays.stream(form.getParameterTypes())
                .anyMatch(type -> type == Bundle.class || type == Bundle[].class));
        if (!takesBundles) {
            return Optional.empty();
        }
        List<String> subsystems = supervisor.subsystems().stream().map(SubsystemInfo::name).toList();
        for (String argument : arguments) {
            if (argument.startsWith("-") || BundleConverter.find(context, argument) != null) {
                continue;
            }
            if (subsystems.contains(argument)) {
                return Optional.of(subsystemWhereABundleGoes(command, argument));
            }
            return Optional.of((argument.matches("\\d+") ? "no bundle with id " + argument : "no bundle '" + argument + "'")
                    + ": " + command + " takes a bundle's id or symbolic name ('lb -s' lists them)");
        }
        return Optional.empty();
    }

    private String subsystemWhereABundleGoes(String command, String argument) {
        String function = command.substring(command.indexOf(':') + 1);
        String meant = "daemon:" + function;
        return "'" + argument + "' is a subsystem, not a bundle: " + (commands().containsKey(meant)
                ? "did you mean '" + meant + " " + argument + "'? (" + function + " without a scope is Gogo's "
                        + command + ", for bundles)"
                : command + " takes a bundle's id or symbolic name ('lb -s' lists them); 'daemon:info "
                        + argument + "' shows the subsystem");
    }

    @Override
    public Optional<String> refuse(String line) {
        List<String> words = List.of(line.strip().split("\\s+"));
        // Only a plain command: a pipe, a closure or a variable may make its own sense of a word.
        if (words.size() < 2 || line.matches(".*[;|{}()$=<>].*")
                || !resolve(words.get(0)).filter("felix:start"::equals).isPresent()) {
            return Optional.empty();
        }
        List<String> subsystems = supervisor.subsystems().stream().map(SubsystemInfo::name).toList();
        for (String argument : words.subList(1, words.size())) {
            // A location (file:, mvn:, http:, a path) is Gogo's to install; a bundle is Gogo's to start.
            if (argument.startsWith("-") || argument.contains(":") || argument.contains("/")
                    || BundleConverter.find(context, argument) != null) {
                continue;
            }
            return Optional.of(subsystems.contains(argument) ? subsystemWhereABundleGoes("felix:start", argument)
                    : (argument.matches("\\d+") ? "no bundle with id " + argument : "no bundle '" + argument + "'")
                            + ": felix:start takes a bundle's id or symbolic name ('lb -s' lists them), or a location"
                            + " to install from (file:..., mvn:groupId/artifactId/version)");
        }
        return Optional.empty();
    }

    /** @return scope:function to the public methods of that name of its highest-ranked service */
    Map<String, List<Method>> commands() {
        ServiceReference<?>[] references;
        try {
            references = context.getAllServiceReferences(null, "(&(osgi.command.scope=*)(osgi.command.function=*))");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("the filter is constant and valid", e);
        }
        Map<String, ServiceReference<?>> chosen = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (ServiceReference<?> reference : references == null ? new ServiceReference<?>[0] : references) {
            for (String function : functions(reference.getProperty("osgi.command.function"))) {
                String name = reference.getProperty("osgi.command.scope") + ":" + function;
                // ServiceReference orders by ranking, then by age: the one Gogo runs is the greatest.
                chosen.merge(name, reference, (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        Map<String, List<Method>> commands = new TreeMap<>();
        chosen.forEach((name, reference) -> {
            Object service = context.getService(reference);
            if (service == null) {
                return;
            }
            try {
                String function = name.substring(name.indexOf(':') + 1);
                List<Method> forms = java.util.Arrays.stream(service.getClass().getMethods())
                        .filter(method -> method.getName().equalsIgnoreCase(function)).toList();
                if (!forms.isEmpty()) {
                    commands.put(name, forms);
                }
            } finally {
                context.ungetService(reference);
            }
        });
        return commands;
    }

    private static List<String> functions(Object property) {
        if (property instanceof String[] many) {
            return List.of(many);
        }
        if (property instanceof java.util.Collection<?> many) {
            return many.stream().map(String::valueOf).toList();
        }
        return property == null ? List.of() : List.of(property.toString());
    }
}
