package io.procdaemon.shell.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.junit.jupiter.api.Test;

/** help's listing and a command's usage, from the commands' annotations. */
class CommandDocsTest {

    /** Stands for commands of several scopes. */
    public static final class Commands {
        @Descriptor("everything about one subsystem")
        public String info(@Descriptor("the subsystem's name") String name) {
            return name;
        }

        @Descriptor("recent state changes; -f follows them")
        public void events(@Descriptor("keep printing") @Parameter(names = {"-f", "--follow"}, presentValue = "true",
                absentValue = "false") boolean follow,
                @Descriptor("how many") @Parameter(names = {"-n", "--lines"}, absentValue = "20") int count) {
        }

        @Descriptor("lists every configuration")
        public String list() {
            return "";
        }

        @Descriptor("lists the configurations matching a filter")
        public String list(@Descriptor("a part of the PID") String filter) {
            return filter;
        }

        @Descriptor("set a level")
        public String set(String level) {
            return level;
        }

        @Descriptor("stop bundles")
        public void stop(CommandSession session, @Descriptor("target bundles") Object[] bundles) {
        }

        public void bare() {
        }
    }

    private static List<Method> forms(String name) {
        return Arrays.stream(Commands.class.getMethods()).filter(m -> m.getName().equals(name)).toList();
    }

    private static Map<String, List<Method>> commands() {
        Map<String, List<Method>> commands = new LinkedHashMap<>();
        commands.put("felix:stop", forms("stop"));
        commands.put("scr:bare", forms("bare"));
        commands.put("log:set", forms("set"));
        commands.put("config:list", forms("list"));
        commands.put("daemon:info", forms("info"));
        commands.put("daemon:events", forms("events"));
        return commands;
    }

    @Test
    void aSynopsisNamesArgumentsFlagsAndOptions() {
        assertEquals("daemon:info <name>", CommandDocs.synopsis("daemon:info", forms("info").get(0)));
        assertEquals("daemon:events [-f] [-n <lines>]", CommandDocs.synopsis("daemon:events", forms("events").get(0)));
        assertEquals("felix:stop <bundles>...", CommandDocs.synopsis("felix:stop", forms("stop").get(0)),
                "the session is Gogo's to pass; a short descriptor names an argument");
    }

    @Test
    void helpListsTheDaemonsScopesFirstInOrderEachWithItsSummary() {
        String listing = CommandDocs.listing(commands());
        List<String> lines = listing.lines().toList();
        int daemon = lines.indexOf("daemon:");
        int config = lines.indexOf("config:");
        int log = lines.indexOf("log:");
        int gogo = lines.indexOf("Gogo's and the framework's:");
        assertTrue(0 < daemon && daemon < config && config < log && log < gogo, listing);
        assertEquals("  daemon:events  recent state changes", lines.get(daemon + 1), "up to the descriptor's first '; '");
        assertEquals("  daemon:info    everything about one subsystem", lines.get(daemon + 2));
        assertEquals("  config:list    lists every configuration", lines.get(config + 1), "the shortest form's descriptor");
        assertEquals("  felix:stop     stop bundles", lines.get(gogo + 1));
        assertEquals("  scr:bare", lines.get(gogo + 2), "no descriptor, no summary");
    }

    @Test
    void helpOfOneCommandGivesEachFormsUsageAndArguments() {
        String detail = CommandDocs.detail("config:list", forms("list"));
        assertEquals(String.join("\n", "usage: config:list", "  lists every configuration", "",
                "usage: config:list <filter>", "  lists the configurations matching a filter",
                "    <filter>  a part of the PID"), detail);
        String events = CommandDocs.detail("daemon:events", forms("events"));
        assertTrue(events.contains("    -f, --follow         keep printing\n"), events);
        assertTrue(events.contains("    -n, --lines <lines>  how many"), events);
    }
}
