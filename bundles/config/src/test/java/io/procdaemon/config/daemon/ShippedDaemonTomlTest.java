package io.procdaemon.config.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.procdaemon.config.toml.TomlTranslator;
import io.procdaemon.config.toml.Translation;

/** The shipped {@code etc/daemon.toml}: complete, commented, and valid by the schema. */
class ShippedDaemonTomlTest {

    private static final String RELATIVE = "distribution/src/main/distribution/etc/daemon.toml";
    /** A key line, possibly commented out: {@code name = ...} or {@code #file = ...}. */
    private static final Pattern KEY_LINE = Pattern.compile("^(#?)([a-z_]+) = (.*)$");
    private static final Pattern SECTION_LINE = Pattern.compile("^\\[([a-z_]+)\\]$");

    /** The shipped file sets these to other than their default, on purpose. */
    private static final Map<String, Object> SHIPPED_NOT_AT_DEFAULT = Map.of("hot_reload", true);

    private final Path file = locate();
    private final List<String> lines = read(file);

    @Test
    void itParsesAndValidatesCleanly() throws IOException {
        Translation translation = translate(Files.readString(file));
        assertEquals(List.of(), translation.problems());
        assertEquals(List.of(), DaemonSchema.validate(translation));
        assertEquals(List.of(), DaemonSchema.resolve(translation, Map.of()).problems());
    }

    @Test
    void everyKeyIsSetExceptTheOptionalOnesWhichAreShownCommentedOut() throws IOException {
        Set<String> set = translate(Files.readString(file)).properties().keySet();
        Set<String> commented = new LinkedHashSet<>();
        for (Entry entry : entries()) {
            if (entry.commentedOut()) {
                commented.add(entry.key());
            }
        }
        for (DaemonSchema.Key key : DaemonSchema.keys()) {
            if (key.optional()) {
                assertFalse(set.contains(key.name()), key.name() + " is optional: shown commented out");
                assertTrue(commented.contains(key.name()), key.name() + " is shown commented out");
            } else {
                assertTrue(set.contains(key.name()), key.name() + " is set");
            }
        }
        for (String key : set) {
            assertTrue(DaemonSchema.key(key).isPresent(), "unknown key " + key);
        }
        for (String key : commented) {
            assertTrue(DaemonSchema.key(key).isPresent(), "unknown commented-out key " + key);
        }
    }

    @Test
    void withTheCommentedOutKeysUncommentedItIsCompleteAndStillValid() throws IOException {
        StringBuilder uncommented = new StringBuilder();
        for (String line : lines) {
            Matcher key = KEY_LINE.matcher(line);
            uncommented.append(key.matches() ? line.replaceFirst("^#", "") : line).append('\n');
        }
        Translation translation = translate(uncommented.toString());
        assertEquals(List.of(), translation.problems());
        List<String> all = new ArrayList<>();
        DaemonSchema.keys().forEach(key -> all.add(key.name()));
        assertEquals(Set.copyOf(all), translation.properties().keySet());
        assertEquals(List.of(), DaemonSchema.validate(translation));
    }

    @Test
    void theValuesAreTheDefaultsButForThoseShippedOtherwise() throws IOException {
        Map<String, Object> values = translate(Files.readString(file)).properties();
        for (DaemonSchema.Key key : DaemonSchema.keys()) {
            if (key.optional()) {
                continue;
            }
            Object expected = SHIPPED_NOT_AT_DEFAULT.getOrDefault(key.name(), key.defaultValue());
            assertEquals(expected, values.get(key.name()), key.name());
        }
        assertEquals(true, DaemonSchema.withDefaults(values).get("hot_reload"),
                "shipped with hot reload on, as its header says");
    }

    /**
     * The schema is the one definition of each key: its comment here must say what the schema's
     * summary says and give the schema's facts (what is valid, the default, live or restart),
     * wrapped as the file likes; other sentences may stand between them.
     */
    @Test
    void everyKeysCommentIsTheSchemasSummaryAndFacts() {
        List<Entry> entries = entries();
        assertEquals(DaemonSchema.keys().size(), entries.size(), entries.toString());
        for (Entry entry : entries) {
            DaemonSchema.Key key = DaemonSchema.key(entry.key()).orElseThrow();
            String comment = entry.comment().replace('\n', ' ').replaceAll(" +", " ").strip();
            assertTrue(comment.startsWith(key.summary()), entry.key() + ": the comment starts with the schema's summary <"
                    + key.summary() + ">, not <" + comment + ">");
            assertTrue(comment.contains(key.facts()), entry.key() + ": the comment gives the schema's facts <"
                    + key.facts() + ">, not <" + comment + ">");
            String other = key.live() ? "Needs a restart." : "Applies live.";
            assertFalse(comment.contains(other), entry.key() + ": not '" + other + "' in " + comment);
            assertFalse(comment.contains("nothing yet"), entry.key() + " acts: " + comment);
        }
    }

    @Test
    void theHeaderListsWhatAppliesLiveAndWhatNeedsARestart() {
        String header = header();
        int live = header.indexOf("- Live:");
        int restart = header.indexOf("These need a restart");
        assertTrue(live >= 0 && restart > live, header);
        String livePart = header.substring(live, restart);
        String restartPart = header.substring(restart, header.indexOf("\n#\n", restart));
        for (DaemonSchema.Key key : DaemonSchema.keys()) {
            String part = key.live() ? livePart : restartPart;
            assertTrue(part.contains(key.name()) || part.contains("every key of [" + key.section() + "]"),
                    key.name() + " in <" + part + ">");
            String otherPart = key.live() ? restartPart : livePart;
            assertFalse(otherPart.contains(" " + key.name() + ",") || otherPart.contains(" " + key.name() + ".")
                    || otherPart.contains("every key of [" + key.section() + "]") && !key.section().isEmpty(),
                    key.name() + " not in <" + otherPart + ">");
        }
        for (String part : List.of("io.procdaemon.daemon", "fraction of a second", "previous", "DAEMON_SECTION__KEY",
                "DAEMON_SHUTDOWN__GRACEFUL=2000", "DAEMON_NAME", "DAEMON_HOT_RELOAD",
                "default < this file < environment", "needs a restart", "[performance], work_dir", "refused")) {
            assertTrue(header.contains(part), part + " in the header");
        }
    }

    @Test
    void nothingForMavensResourceFilteringToReplace() {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            assertFalse(line.contains("${") || line.contains("@") || line.contains("\\"),
                    "line " + (i + 1) + " would be changed by Maven filtering: " + line);
        }
    }

    // --- reading the file --------------------------------------------------------------------

    /** A key line of the file with the comment block right above it. */
    private record Entry(String key, boolean commentedOut, String comment) {
    }

    private List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        String section = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher header = SECTION_LINE.matcher(line);
            if (header.matches()) {
                section = header.group(1);
                continue;
            }
            Matcher key = KEY_LINE.matcher(line);
            if (!key.matches()) {
                continue;
            }
            StringBuilder comment = new StringBuilder();
            for (int j = i - 1; j >= 0 && lines.get(j).startsWith("# "); j--) {
                comment.insert(0, lines.get(j).substring(2) + "\n");
            }
            String name = section.isEmpty() ? key.group(2) : section + "." + key.group(2);
            entries.add(new Entry(name, !key.group(1).isEmpty(), comment.toString()));
        }
        return entries;
    }

    /** The comment lines before the first key. */
    private String header() {
        StringBuilder header = new StringBuilder();
        for (String line : lines) {
            if (KEY_LINE.matcher(line).matches()) {
                break;
            }
            header.append(line).append('\n');
        }
        return header.toString();
    }

    private static Translation translate(String text) {
        return TomlTranslator.translate("etc/daemon.toml", text);
    }

    /** {@code ../../distribution/...} from the module; else searched upwards from the working directory. */
    private static Path locate() {
        Path fromModule = Path.of("../..", RELATIVE);
        if (Files.isRegularFile(fromModule)) {
            return fromModule;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(RELATIVE))) {
                return dir.resolve(RELATIVE);
            }
        }
        throw new AssertionError("no " + RELATIVE + " above " + Path.of("").toAbsolutePath());
    }

    private static List<String> read(Path path) {
        try {
            List<String> lines = Files.readAllLines(path);
            assertNotNull(lines);
            return lines;
        } catch (IOException e) {
            throw new AssertionError("cannot read " + path, e);
        }
    }
}
