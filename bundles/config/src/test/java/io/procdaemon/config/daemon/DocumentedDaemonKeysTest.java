package io.procdaemon.config.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The tables of {@code etc/daemon.toml} in {@code docs/configuration.md} against the schema, so
 * the documentation cannot drift from what the daemon accepts: every key in schema order, with
 * its default and whether it applies live; and every removed key with the reason the daemon gives.
 */
class DocumentedDaemonKeysTest {

    private static final String RELATIVE = "docs/configuration.md";

    /** One table row: its cells, without the surrounding pipes and spaces. */
    private static List<List<String>> table(List<String> lines, String header) {
        int start = lines.indexOf(header);
        assertTrue(start >= 0, "no table headed '" + header + "' in " + RELATIVE);
        List<List<String>> rows = new ArrayList<>();
        for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String line = lines.get(i);
            List<String> cells = new ArrayList<>();
            for (String cell : line.substring(1, line.length() - 1).split("\\|", -1)) {
                cells.add(cell.strip());
            }
            rows.add(cells);
        }
        return rows;
    }

    private static String unquoted(String cell) {
        return cell.replace("`", "");
    }

    @Test
    void theKeyTableHasEveryKeyInOrderWithItsDefaultAndWhenItApplies() throws IOException {
        List<List<String>> rows = table(lines(), "| key | type | default | applies | valid |");
        List<String> documented = new ArrayList<>();
        for (List<String> row : rows) {
            String name = unquoted(row.get(0));
            documented.add(name);
            DaemonSchema.Key key = DaemonSchema.key(name).orElseThrow(() -> new AssertionError(
                    RELATIVE + " documents '" + name + "', which the schema does not have"));
            assertEquals(key.live() ? "live" : "restart", row.get(3), name + ": applies");
            String shown = key.type() == DaemonSchema.Type.STRING ? "\"" + key.defaultValue() + "\""
                    : key.defaultValue().toString();
            assertTrue(unquoted(row.get(2)).startsWith(shown), name + ": default " + shown + " in <" + row.get(2) + ">");
        }
        List<String> schema = new ArrayList<>();
        DaemonSchema.keys().forEach(key -> schema.add(key.name()));
        assertEquals(schema, documented, "the table lists the schema's keys, in its order");
    }

    @Test
    void theKeysThatDoNothingYetAreNamedAsSuch() throws IOException {
        String text = String.join("\n", lines());
        int start = text.indexOf("They do nothing yet: ");
        assertTrue(start >= 0, "'They do nothing yet: ' in " + RELATIVE);
        String sentence = text.substring(start, text.indexOf("`.", start) + 2).replace('\n', ' ');
        List<String> named = new ArrayList<>();
        java.util.regex.Matcher key = java.util.regex.Pattern.compile("`([a-z_.]+)`").matcher(sentence);
        while (key.find()) {
            named.add(key.group(1));
        }
        assertEquals(DaemonSchema.notActingYet(), named, sentence);
    }

    @Test
    void theRemovedKeysAreListedWithTheReasonTheDaemonGives() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        for (List<String> row : table(lines(), "| key | why, and what to do instead |")) {
            documented.put(unquoted(row.get(0)), unquoted(row.get(1)));
        }
        assertEquals(DaemonSchema.removedKeys().keySet().stream().sorted().toList(),
                documented.keySet().stream().sorted().toList());
        for (Map.Entry<String, String> removed : DaemonSchema.removedKeys().entrySet()) {
            String why = documented.get(removed.getKey());
            String reason = removed.getValue().replace("a setting of the Rust crate proc-daemon that has no meaning on"
                    + " the JVM", "a setting of the Rust crate");
            String first = reason.split("[;(,]")[0].strip();
            assertTrue(why.startsWith(first), removed.getKey() + ": <" + why + "> starts as the daemon's reason <"
                    + first + ">");
        }
    }

    private static List<String> lines() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve(RELATIVE);
            if (Files.isRegularFile(file)) {
                return Files.readAllLines(file, StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no " + RELATIVE + " above " + Path.of("").toAbsolutePath());
    }
}
