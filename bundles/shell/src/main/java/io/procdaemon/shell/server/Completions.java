package io.procdaemon.shell.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.Supervisor;

/**
 * What Tab offers in the console and in {@code bin/proc-daemon client}: command names for the
 * first word; then, by command, subsystem names ({@code daemon:info|start|stop|restart}), PIDs and
 * their keys ({@code config:*}), and bundle ids and names (Gogo's bundle commands). The candidates
 * are whole words; the line editor keeps those that start with what was typed.
 */
@Component(service = Completions.class)
public final class Completions {

    private static final Set<String> SUBSYSTEM_COMMANDS = Set.of("daemon:info", "daemon:start", "daemon:stop",
            "daemon:restart");
    private static final Set<String> PID_COMMANDS = Set.of("config:get", "config:set", "config:unset", "config:delete");
    private static final Set<String> KEY_COMMANDS = Set.of("config:get", "config:set", "config:unset");
    private static final Set<String> BUNDLE_COMMANDS = Set.of("start", "stop", "update", "uninstall", "refresh",
            "headers", "inspect", "felix:start", "felix:stop", "felix:update", "felix:uninstall", "felix:refresh",
            "felix:headers", "felix:inspect");

    private final Supervisor supervisor;
    private final ConfigurationAdmin configurationAdmin;
    private final BundleContext context;

    @Activate
    public Completions(@Reference Supervisor supervisor, @Reference ConfigurationAdmin configurationAdmin,
            BundleContext context) {
        this.supervisor = supervisor;
        this.configurationAdmin = configurationAdmin;
        this.context = context;
    }

    /**
     * @param line the line up to the cursor
     * @param commands the session's command names (scope:function)
     * @return candidates for the word being typed (the last one, perhaps empty)
     */
    public List<String> candidates(String line, Collection<String> commands) {
        List<String> words = words(line);
        if (words.size() <= 1) {
            Set<String> names = new TreeSet<>(commands);
            commands.stream().filter(c -> c.contains(":")).map(c -> c.substring(c.indexOf(':') + 1)).forEach(names::add);
            names.add("exit");
            return new ArrayList<>(names);
        }
        String command = words.get(0);
        List<String> arguments = words.subList(1, words.size()).stream().filter(w -> !w.startsWith("-")).toList();
        int index = arguments.size() - 1 + (words.get(words.size() - 1).startsWith("-") ? 1 : 0);
        if (SUBSYSTEM_COMMANDS.contains(command) && index == 0) {
            return supervisor.subsystems().stream().map(SubsystemInfo::name).toList();
        }
        if (PID_COMMANDS.contains(command) && index == 0) {
            return pids();
        }
        if (KEY_COMMANDS.contains(command) && index == 1) {
            return keys(arguments.get(0));
        }
        if (BUNDLE_COMMANDS.contains(command)) {
            List<String> bundles = new ArrayList<>();
            for (Bundle bundle : context.getBundles()) {
                bundles.add(Long.toString(bundle.getBundleId()));
                bundles.add(bundle.getSymbolicName());
            }
            return bundles;
        }
        return List.of();
    }

    /** Words split at blanks; a line ending in a blank starts a new, empty word. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>(List.of(line.strip().split("\\s+")));
        if (line.isBlank()) {
            return List.of("");
        }
        if (Character.isWhitespace(line.charAt(line.length() - 1))) {
            words.add("");
        }
        return words;
    }

    private List<String> pids() {
        try {
            Configuration[] all = configurationAdmin.listConfigurations(null);
            List<String> pids = new ArrayList<>();
            if (all != null) {
                for (Configuration configuration : all) {
                    pids.add(configuration.getPid());
                }
            }
            pids.sort(null);
            return pids;
        } catch (IOException | InvalidSyntaxException e) {
            return List.of();
        }
    }

    private List<String> keys(String pid) {
        try {
            Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + escape(pid) + ")");
            if (found == null) {
                return List.of();
            }
            Dictionary<String, Object> properties = found[0].getProperties();
            List<String> keys = new ArrayList<>();
            for (java.util.Enumeration<String> e = properties.keys(); e.hasMoreElements();) {
                String key = e.nextElement();
                if (!key.startsWith("service.") && !key.startsWith("procdaemon.config.") && !key.startsWith("felix.fileinstall.")) {
                    keys.add(key);
                }
            }
            keys.sort(null);
            return keys;
        } catch (IOException | InvalidSyntaxException e) {
            return List.of();
        }
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("*", "\\*").replace("(", "\\(").replace(")", "\\)");
    }
}
