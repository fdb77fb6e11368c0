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
 * the documentation cannot drift from what the daemon accepts: the key table is the schema
 * rendered (and rewritten from it on request), and every removed key is listed with the reason the
 * daemon gives.
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

    /** The header of the key table; the table is the lines from it to the first line not starting with '|'. */
    static final String KEY_TABLE_HEADER = "| key | type | default | applies | valid | what it does |";
    /** Set to rewrite the table in the documentation from the schema instead of failing. */
    static final String REGENERATE = "procdaemon.regenerate";

    /**
     * The key table is the schema, rendered: edit {@code DaemonSchema.KEYS}, then rewrite the
     * table with {@code mvn -o -B verify -pl bundles/api,bundles/config -Dtest=DocumentedDaemonKeysTest
     * -Dsurefire.failIfNoSpecifiedTests=false -Dprocdaemon.regenerate=true}.
     */
    @Test
    void theKeyTableIsTheSchemaRendered() throws IOException {
        Path file = locate();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int start = lines.indexOf(KEY_TABLE_HEADER);
        assertTrue(start >= 0, "no table headed '" + KEY_TABLE_HEADER + "' in " + RELATIVE);
        int end = start;
        while (end < lines.size() && lines.get(end).startsWith("|")) {
            end++;
        }
        List<String> rendered = renderKeyTable();
        if (Boolean.getBoolean(REGENERATE)) {
            List<String> rewritten = new ArrayList<>(lines.subList(0, start));
            rewritten.addAll(rendered);
            rewritten.addAll(lines.subList(end, lines.size()));
            Files.write(file, rewritten, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(String.join("\n", rendered), String.join("\n", lines.subList(start, end)),
                "the key table of " + RELATIVE + " is generated from DaemonSchema.KEYS: rerun this test with -D"
                        + REGENERATE + "=true to rewrite it");
    }

    /** @return the key table: header, separator, one row per key in schema order */
    static List<String> renderKeyTable() {
        List<String> rows = new ArrayList<>();
        rows.add(KEY_TABLE_HEADER);
        rows.add("|---|---|---|---|---|---|");
        for (DaemonSchema.Key key : DaemonSchema.keys()) {
            String type = switch (key.type()) {
                case INTEGER -> "integer, " + key.unit();
                case BOOLEAN -> "boolean";
                case STRING -> "string";
            };
            String shown = key.optional() && "".equals(key.defaultValue()) ? "`\"\"` (not set)"
                    : "`" + key.shownDefault() + "`";
            rows.add("| `" + key.name() + "` | " + type + " | " + shown + " | " + (key.live() ? "live" : "restart")
                    + " | " + key.valid() + " | " + key.summary() + " |");
        }
        return rows;
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
        return Files.readAllLines(locate(), StandardCharsets.UTF_8);
    }

    private static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve(RELATIVE);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new AssertionError("no " + RELATIVE + " above " + Path.of("").toAbsolutePath());
    }
}
