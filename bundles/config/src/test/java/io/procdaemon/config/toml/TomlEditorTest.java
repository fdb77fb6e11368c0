package io.procdaemon.config.toml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Every edit must leave the rest of the text as it was, and the result must translate to what was set. */
class TomlEditorTest {

    private static Map<String, Object> translated(String text) {
        Translation translation = TomlTranslator.translate("etc/x.toml", text);
        assertEquals(List.of(), translation.problems(), text);
        return translation.properties();
    }

    private static String set(String text, String key, Object value) {
        String edited = TomlEditor.set(text, key, value);
        Object read = translated(edited).get(key);
        if (value instanceof Object[] array) {
            assertArrayEquals(array, (Object[]) read, edited);
        } else {
            assertEquals(value, read, edited);
        }
        return edited;
    }

    // ---- existing keys: only the value's text changes

    @Test
    void aByteOrderMarkStaysAndIsNoPartOfTheFirstKey() {
        assertEquals("\uFEFFa = 2\nb = 1\n", set("\uFEFFa = 1\nb = 1\n", "a", 2L));
        assertEquals(Optional.of("\uFEFFb = 1\n"), TomlEditor.unset("\uFEFFa = 1\nb = 1\n", "a"));
    }

    @Test
    void numbersAndBooleansKeepTheirLineAndComments() {
        String text = "# head\n[shutdown] # section\n  graceful = 5_000   # ms\nforce = 10000\nflag = true\nratio = 0.5\n";
        assertEquals("# head\n[shutdown] # section\n  graceful = 3000   # ms\nforce = 10000\nflag = true\nratio = 0.5\n",
                set(text, "shutdown.graceful", 3000L));
        assertEquals("# head\n[shutdown] # section\n  graceful = 5_000   # ms\nforce = 10000\nflag = false\nratio = 0.5\n",
                set(text, "shutdown.flag", false));
        assertEquals("# head\n[shutdown] # section\n  graceful = 5_000   # ms\nforce = 10000\nflag = true\nratio = 1.0E10\n",
                set(text, "shutdown.ratio", 1.0e10));
    }

    @Test
    void stringsKeepTheirQuotingWhereTheValueAllows() {
        assertEquals("a = \"x \\\"y\\\" \\\\ z\\n\" # c\n", set("a = \"old\" # c\n", "a", "x \"y\" \\ z\n"));
        assertEquals("p = 'C:\\new'\n", set("p = 'C:\\old'\n", "p", "C:\\new"));
        assertEquals("p = \"it's\"\n", set("p = 'old'\n", "p", "it's"), "a literal string cannot hold '");
        assertEquals("m = '''\nline 1\nline 2'''\nnext = 1\n", set("m = '''\nold\n'''\nnext = 1\n", "m", "line 1\nline 2"));
        assertEquals("m = \"\"\"\nsay \\\"hi\\\"\nbye\"\"\" # end\nnext = 1\n",
                set("m = \"\"\"\nold \\\n  text\"\"\" # end\nnext = 1\n", "m", "say \"hi\"\nbye"));
        assertEquals("e = \"\"\"\"\"\"\n", set("e = \"\"\"a\"\"\"\"\n", "e", ""), "quotes before the closing ones are content");
    }

    @Test
    void datesStayDatesAndStringsMayReplaceThem() {
        assertEquals("d = 2024-01-02\nt = 1979-05-27 07:32:00 # local\n",
                TomlEditor.set("d = 2023-12-31\nt = 1979-05-27 07:32:00 # local\n", "d", "2024-01-02"));
        assertEquals("2024-01-02", translated(TomlEditor.set("d = 2023-12-31\n", "d", "2024-01-02")).get("d"));
        assertEquals("d = 2023-12-31\nt = 1980-01-01T00:00:00Z # local\n",
                TomlEditor.set("d = 2023-12-31\nt = 1979-05-27 07:32:00 # local\n", "t", "1980-01-01T00:00:00Z"));
        assertEquals("d = \"soon\"\n", set("d = 2023-12-31\n", "d", "soon"));
    }

    @Test
    void arraysSingleAndMultiLine() {
        assertEquals("ports = [1, 2, 3] # c\n", set("ports = [ 8080 ] # c\n", "ports", new Long[] {1L, 2L, 3L}));
        String multi = "hosts = [\n    \"a\", # first\n    \"b\",\n]\nafter = 1\n";
        assertEquals("hosts = [\n    \"x\",\n    \"y\",\n]\nafter = 1\n", set(multi, "hosts", new String[] {"x", "y"}));
        assertEquals("hosts = []\nafter = 1\n", set(multi, "hosts", new String[0]));
        assertEquals("l = ['a', 'b']\n", set("l = ['z']\n", "l", new String[] {"a", "b"}));
    }

    @Test
    void inlineTablesAreLeftAloneAndTheirKeysRefused() {
        String text = "db = { host = \"h\", port = 1 }\nother = 2\n";
        assertEquals("db = { host = \"h\", port = 1 }\nother = 3\n", set(text, "other", 3L));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> TomlEditor.set(text, "db.port", 2L));
        assertTrue(refused.getMessage().contains("inline table 'db' (line 1)"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TomlEditor.unset(text, "db.port"));
    }

    @Test
    void dottedAndQuotedKeys() {
        String text = "pool.size = 8 # dotted\n\"a.b\" = 1\n[x]\ny.z = 2\n";
        assertEquals("pool.size = 9 # dotted\n\"a.b\" = 1\n[x]\ny.z = 2\n", set(text, "pool.size", 9L));
        assertEquals("pool.size = 8 # dotted\n\"a.b\" = 5\n[x]\ny.z = 2\n", set(text, "a.b", 5L));
        assertEquals("pool.size = 8 # dotted\n\"a.b\" = 1\n[x]\ny.z = 3\n", set(text, "x.y.z", 3L));
        assertEquals("pool.size = 8 # dotted\npool.max = 16\n\"a.b\" = 1\n[x]\ny.z = 2\n", set(text, "pool.max", 16L),
                "a new key after its sibling, dotted like it");
        assertEquals("pool.size = 8 # dotted\n\"a.b\" = 1\n[x]\ny.z = 2\ny.w = true\n", set(text, "x.y.w", true));
    }

    // ---- new keys

    @Test
    void aNewKeyGoesAtTheEndOfItsTable() {
        String text = "top = 1\n\n# Shutdown\n[shutdown]\ngraceful = 1 # ms\n\n# Logging\n[logging]\nlevel = \"info\"\n";
        assertEquals("top = 1\n\n# Shutdown\n[shutdown]\ngraceful = 1 # ms\nforce = 2\n\n# Logging\n[logging]\nlevel = \"info\"\n",
                set(text, "shutdown.force", 2L));
        assertEquals("top = 1\nname = \"n\"\n\n# Shutdown\n[shutdown]\ngraceful = 1 # ms\n\n# Logging\n[logging]\nlevel = \"info\"\n",
                set(text, "name", "n"));
        assertEquals(text + "json = false\n", set(text, "logging.json", false));
    }

    @Test
    void aNewKeyOfANewTableGetsATableAtTheEnd() {
        assertEquals("a = 1\n\n[db.pool]\nsize = 4\n", set("a = 1\n", "db.pool.size", 4L));
        assertEquals("a = 1\n\n[db]\nport = 4\n", set("a = 1\n\n", "db.port", 4L));
        assertEquals("[empty]\nk = \"v\"\n# trailing\n", set("[empty]\n# trailing\n", "empty.k", "v"));
        assertEquals("[a.b]\nc = 1\n\n[a]\nd = 2\n", set("[a.b]\nc = 1\n", "a.d", 2L), "a super-table after its sub-table");
        assertEquals("name = \"n\"\n\n# about s\n[s]\nx = 1\n", set("# about s\n[s]\nx = 1\n", "name", "n"),
                "a top-level key goes before the first table and the comments that introduce it");
        assertEquals("\"my key\" = 1\n", set("", "my key", 1L));
    }

    @Test
    void aFileWithoutTrailingNewlineOrWithCrLf() {
        assertEquals("a = 1\nb = 2", set("a = 1", "b", 2L));
        assertEquals("a = 2", set("a = 1", "a", 2L));
        assertEquals("a = 1\n\n[t]\nb = 2\n", set("a = 1", "t.b", 2L));
        assertEquals("a = 1\r\nb = 2\r\n", set("a = 1\r\n", "b", 2L));
        assertEquals(Optional.of(""), TomlEditor.unset("a = 1", "a"));
    }

    // ---- unset

    @Test
    void unsetRemovesTheKeysLinesOnly() {
        String text = "# about a\na = 1 # trailing\nb = [\n  1,\n  2,\n]\n[t]\n# about c\nc = \"\"\"\nx\n\"\"\"\nd = 4\n";
        assertEquals(Optional.of("# about a\nb = [\n  1,\n  2,\n]\n[t]\n# about c\nc = \"\"\"\nx\n\"\"\"\nd = 4\n"),
                TomlEditor.unset(text, "a"));
        assertEquals(Optional.of("# about a\na = 1 # trailing\n[t]\n# about c\nc = \"\"\"\nx\n\"\"\"\nd = 4\n"),
                TomlEditor.unset(text, "b"));
        assertEquals(Optional.of("# about a\na = 1 # trailing\nb = [\n  1,\n  2,\n]\n[t]\n# about c\nd = 4\n"),
                TomlEditor.unset(text, "t.c"));
        assertEquals(Optional.empty(), TomlEditor.unset(text, "t.missing"));
        assertTrue(TomlEditor.has(text, "t.d"));
        assertFalse(TomlEditor.has(text, "d"));
    }

    // ---- literals

    @Test
    void literalsOfEveryConfigAdminType() {
        assertEquals("8080", TomlEditor.literal(8080L));
        assertEquals("7", TomlEditor.literal(7));
        assertEquals("1.5", TomlEditor.literal(1.5));
        assertEquals("true", TomlEditor.literal(true));
        assertEquals("\"tab\\there \\u0001\"", TomlEditor.literal("tab\there \u0001"));
        assertEquals("[\"a\", \"b\"]", TomlEditor.literal(new String[] {"a", "b"}));
        assertEquals("[]", TomlEditor.literal(new Long[0]));
        assertThrows(IllegalArgumentException.class, () -> TomlEditor.literal(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> TomlEditor.literal(new Object()));
    }
}
