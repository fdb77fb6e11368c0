package io.procdaemon.config.toml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TomlTranslatorTest {

    private static final String FILE = "etc/db.toml";

    private static Map<String, Object> ok(String text) {
        Translation translation = TomlTranslator.translate(FILE, text);
        assertEquals(List.of(), translation.problems());
        assertTrue(translation.ok());
        assertEquals(FILE, translation.file());
        assertEquals(List.copyOf(translation.properties().keySet()), List.copyOf(translation.positions().keySet()));
        return translation.properties();
    }

    private static ConfigProblem onlyProblem(String text) {
        Translation translation = TomlTranslator.translate(FILE, text);
        assertFalse(translation.ok());
        assertEquals(1, translation.problems().size(), translation.problems().toString());
        return translation.problems().get(0);
    }

    private static void assertProblem(ConfigProblem problem, int line, int column, String key, String messagePart) {
        assertEquals(FILE, problem.file());
        assertEquals(line, problem.line(), problem.toString());
        assertEquals(column, problem.column(), problem.toString());
        assertEquals(key, problem.key(), problem.toString());
        assertTrue(problem.message().contains(messagePart), problem.toString());
    }

    // ---- types

    @Test
    void integersAreLongs() {
        Map<String, Object> properties = ok("a = 5432\nb = -1\nc = 0xFF\nd = 1_000\ne = 9223372036854775807\n");
        assertEquals(5432L, properties.get("a"));
        assertInstanceOf(Long.class, properties.get("a"));
        assertEquals(-1L, properties.get("b"));
        assertEquals(255L, properties.get("c"));
        assertEquals(1000L, properties.get("d"));
        assertEquals(Long.MAX_VALUE, properties.get("e"));
    }

    @Test
    void floatsAreDoubles() {
        Map<String, Object> properties = ok("a = 2.5\nb = -1e3\nc = 1.0\nd = -0.0\n");
        assertEquals(2.5d, properties.get("a"));
        assertInstanceOf(Double.class, properties.get("a"));
        assertEquals(-1000d, properties.get("b"));
        assertEquals(1.0d, properties.get("c"));
        assertInstanceOf(Double.class, properties.get("c"));
        assertEquals(-0.0d, properties.get("d"));
    }

    @Test
    void booleansAreBooleans() {
        Map<String, Object> properties = ok("on = true\noff = false\n");
        assertEquals(Boolean.TRUE, properties.get("on"));
        assertEquals(Boolean.FALSE, properties.get("off"));
    }

    @Test
    void stringsAreStrings() {
        Map<String, Object> properties = ok("a = \"basic\\tescaped\"\nb = 'literal\\n'\nc = \"\"\"\nmulti\nline\"\"\"\nd = \"\"\n");
        assertEquals("basic\tescaped", properties.get("a"));
        assertEquals("literal\\n", properties.get("b"));
        assertEquals("multi\nline", properties.get("c"));
        assertEquals("", properties.get("d"));
    }

    @Test
    void offsetDateTimesAreIsoStringsWithSeconds() {
        Map<String, Object> properties = ok("a = 1979-05-27T07:32:00Z\nb = 1979-05-27T00:32:00.999999-07:00\n"
                + "c = 1979-05-27 07:32:00+00:00\nd = 1979-05-27T07:32:00.500+01:30\n");
        assertEquals("1979-05-27T07:32:00Z", properties.get("a"));
        assertEquals("1979-05-27T00:32:00.999999-07:00", properties.get("b"));
        assertEquals("1979-05-27T07:32:00Z", properties.get("c"));
        assertEquals("1979-05-27T07:32:00.5+01:30", properties.get("d"));
        assertEquals(OffsetDateTime.parse("1979-05-27T00:32:00.999999-07:00"),
                OffsetDateTime.parse((String) properties.get("b")));
    }

    @Test
    void localDateTimesAreIsoStringsWithSeconds() {
        Map<String, Object> properties = ok("a = 1979-05-27T07:32:00\nb = 1979-05-27 00:32:00.25\n");
        assertEquals("1979-05-27T07:32:00", properties.get("a"));
        assertEquals("1979-05-27T00:32:00.25", properties.get("b"));
        assertEquals(LocalDateTime.of(1979, 5, 27, 7, 32), LocalDateTime.parse((String) properties.get("a")));
    }

    @Test
    void localDatesAreIsoStrings() {
        Map<String, Object> properties = ok("a = 1979-05-27\n");
        assertEquals("1979-05-27", properties.get("a"));
        assertEquals(LocalDate.of(1979, 5, 27), LocalDate.parse((String) properties.get("a")));
    }

    @Test
    void localTimesAreIsoStringsWithSeconds() {
        Map<String, Object> properties = ok("a = 07:32:00\nb = 00:32:00.999999\nc = 07:32:00.000\n");
        assertEquals("07:32:00", properties.get("a"));
        assertEquals("00:32:00.999999", properties.get("b"));
        assertEquals("07:32:00", properties.get("c"));
        assertEquals(LocalTime.of(7, 32), LocalTime.parse((String) properties.get("a")));
    }

    // ---- arrays

    @Test
    void arraysOfOneType() {
        Map<String, Object> properties = ok("l = [1, 2, 3]\nd = [1.5, -2.0]\nb = [true, false]\ns = [\"a\", 'b']\n");
        assertArrayEquals(new Long[] {1L, 2L, 3L}, (Long[]) properties.get("l"));
        assertEquals(Long[].class, properties.get("l").getClass());
        assertArrayEquals(new Double[] {1.5, -2.0}, (Double[]) properties.get("d"));
        assertEquals(Double[].class, properties.get("d").getClass());
        assertArrayEquals(new Boolean[] {true, false}, (Boolean[]) properties.get("b"));
        assertEquals(Boolean[].class, properties.get("b").getClass());
        assertArrayEquals(new String[] {"a", "b"}, (String[]) properties.get("s"));
        assertEquals(String[].class, properties.get("s").getClass());
    }

    @Test
    void arraysOfDatesAndTimesAreStringArrays() {
        Map<String, Object> properties = ok("o = [1979-05-27T07:32:00Z, 1980-01-01T00:00:00.5-01:00]\n"
                + "ldt = [1979-05-27T07:32:00]\nld = [1979-05-27, 2000-02-29]\nlt = [07:32:00, 23:59:59.1]\n");
        assertArrayEquals(new String[] {"1979-05-27T07:32:00Z", "1980-01-01T00:00:00.5-01:00"},
                (String[]) properties.get("o"));
        assertArrayEquals(new String[] {"1979-05-27T07:32:00"}, (String[]) properties.get("ldt"));
        assertArrayEquals(new String[] {"1979-05-27", "2000-02-29"}, (String[]) properties.get("ld"));
        assertArrayEquals(new String[] {"07:32:00", "23:59:59.1"}, (String[]) properties.get("lt"));
        assertEquals(String[].class, properties.get("lt").getClass());
    }

    @Test
    void emptyArrayIsEmptyStringArray() {
        Object value = ok("none = []\n").get("none");
        assertEquals(String[].class, value.getClass());
        assertEquals(0, ((String[]) value).length);
    }

    @Test
    void multiLineArrayWithTrailingComma() {
        assertArrayEquals(new Long[] {1L, 2L}, (Long[]) ok("a = [\n  1,\n  2, # two\n]\n").get("a"));
    }

    @Test
    void mixedIntegerAndStringIsRefused() {
        ConfigProblem problem = onlyProblem("ok = 1\nports = [1, \"a\"]\n");
        assertProblem(problem, 2, 13, "ports",
                "arrays must hold values of one type: found integer and string; ConfigAdmin has no mixed arrays");
    }

    @Test
    void integerAndFloatAreDifferentTypes() {
        assertProblem(onlyProblem("x = [1, 2.5]\n"), 1, 9, "x", "found integer and float; ConfigAdmin has no mixed arrays");
    }

    @Test
    void stringAndDateAreDifferentTypes() {
        assertProblem(onlyProblem("x = [\"a\", 1979-05-27]\n"), 1, 11, "x", "found string and local date;");
    }

    @Test
    void offsetAndLocalDateTimesAreDifferentTypes() {
        assertProblem(onlyProblem("x = [1979-05-27T07:32:00Z, 1979-05-27T07:32:00]\n"), 1, 28, "x",
                "found offset date-time and local date-time;");
    }

    @Test
    void threeTypesAreAllNamedAndTheFirstOddElementIsPointedAt() {
        assertProblem(onlyProblem("x = [\n  1,\n  2,\n  true,\n  \"s\",\n]\n"), 4, 3, "x",
                "found integer, boolean and string;");
    }

    @Test
    void arrayOfTablesIsRefused() {
        Translation translation = TomlTranslator.translate(FILE, "[[servers]]\nname = \"a\"\n[[servers]]\nname = \"b\"\n");
        assertEquals(1, translation.problems().size());
        assertProblem(translation.problems().get(0), 1, 1, "servers", "an array of tables has no ConfigAdmin form");
        assertEquals(Map.of(), translation.properties());
        assertEquals(Map.of(), translation.positions());
    }

    @Test
    void inlineArrayOfTablesIsRefused() {
        assertProblem(onlyProblem("[pool]\nx = [{a = 1}]\n"), 2, 6, "pool.x", "an array of tables has no ConfigAdmin form");
    }

    @Test
    void nestedArraysAreRefused() {
        assertProblem(onlyProblem("x = [[1, 2], [3]]\n"), 1, 6, "x", "nested arrays have no ConfigAdmin form");
    }

    @Test
    void arrayOfScalarAndArrayIsRefusedAsNested() {
        assertProblem(onlyProblem("x = [1, [2]]\n"), 1, 9, "x", "nested arrays have no ConfigAdmin form");
    }

    // ---- floats that are not numbers

    @Test
    void nanIsRefused() {
        assertProblem(onlyProblem("a = 1.0\nratio = nan\n"), 2, 1, "ratio", "the float nan is refused: floats must be finite");
    }

    @Test
    void infinitiesAreRefused() {
        Translation translation = TomlTranslator.translate(FILE, "a = inf\nb = +inf\nc = -inf\nd = -nan\n");
        assertEquals(4, translation.problems().size(), translation.problems().toString());
        assertProblem(translation.problems().get(0), 1, 1, "a", "the float inf is refused");
        assertProblem(translation.problems().get(1), 2, 1, "b", "the float inf is refused");
        assertProblem(translation.problems().get(2), 3, 1, "c", "the float -inf is refused");
        assertProblem(translation.problems().get(3), 4, 1, "d", "the float nan is refused");
        assertEquals(Map.of(), translation.properties());
    }

    @Test
    void nonFiniteInArrayIsRefusedAtTheElement() {
        assertProblem(onlyProblem("x = [1.0, nan]\n"), 1, 11, "x", "element 2 of the array: the float nan is refused");
    }

    // ---- flattening

    @Test
    void tablesFlattenToDottedKeys() {
        Map<String, Object> properties = ok("[db]\nport = 5432\nhost = \"db.local\"\n");
        assertEquals(List.of("db.port", "db.host"), List.copyOf(properties.keySet()));
        assertEquals(5432L, properties.get("db.port"));
        assertEquals("db.local", properties.get("db.host"));
    }

    @Test
    void nestedTablesFlatten() {
        assertEquals(Map.of("a.b.c", 1L), ok("[a.b]\nc = 1\n"));
        assertEquals(Map.of("a.b.c", 1L, "a.x", 2L), ok("[a]\nx = 2\n[a.b]\nc = 1\n"));
    }

    @Test
    void inlineTablesFlatten() {
        Map<String, Object> properties = ok("x = {y = 1, z = {w = \"deep\"}, v.u = true}\n");
        assertEquals(List.of("x.y", "x.z.w", "x.v.u"), List.copyOf(properties.keySet()));
        assertEquals(1L, properties.get("x.y"));
        assertEquals("deep", properties.get("x.z.w"));
        assertEquals(true, properties.get("x.v.u"));
    }

    @Test
    void dottedKeysFlatten() {
        Map<String, Object> properties = ok("a.b = 1\na.c = \"x\"\n[t]\nu.v = 2.5\n");
        assertEquals(List.of("a.b", "a.c", "t.u.v"), List.copyOf(properties.keySet()));
        assertEquals(1L, properties.get("a.b"));
        assertEquals(2.5, properties.get("t.u.v"));
    }

    @Test
    void quotedKeysAreTakenAsWritten() {
        Map<String, Object> properties = ok("\"a.b\" = 1\n\"with space\" = 2\n[\"x y\"]\nz = 3\n");
        assertEquals(List.of("a.b", "with space", "x y.z"), List.copyOf(properties.keySet()));
    }

    @Test
    void fileOrderIsKeptEvenWhenASubTableComesLater() {
        Map<String, Object> properties = ok("z = 1\ny = 2\n[b]\nq = 3\n[a]\nr = 4\n[b.c]\ns = 5\n");
        assertEquals(List.of("z", "y", "b.q", "a.r", "b.c.s"), List.copyOf(properties.keySet()));
    }

    @Test
    void emptyTablesAndEmptyFilesHaveNoProperties() {
        assertEquals(Map.of(), ok(""));
        assertEquals(Map.of(), ok("# only a comment\n"));
        assertEquals(Map.of(), ok("[empty]\n[other]\n"));
        assertEquals(Map.of(), ok("x = {}\n"));
    }

    @Test
    void emptyQuotedKeyIsRefused() {
        Translation translation = TomlTranslator.translate(FILE, "ok = 1\n\"\" = 1\n");
        assertEquals(1, translation.problems().size());
        ConfigProblem problem = translation.problems().get(0);
        assertProblem(problem, 2, 1, "", "ConfigAdmin property names cannot be empty");
        assertTrue(problem.message().contains("the key \"\""), problem.message());
        assertEquals(Map.of("ok", 1L), translation.properties());
    }

    @Test
    void emptySegmentInDottedKeyOrTableIsRefused() {
        Translation translation = TomlTranslator.translate(FILE, "a.\"\".b = 1\n[\"\"]\nc = 2\n[t]\nd = {\"\" = 3}\n");
        assertEquals(3, translation.problems().size(), translation.problems().toString());
        assertProblem(translation.problems().get(0), 1, 1, "a..b", "the key a.\"\".b has an empty quoted segment");
        assertProblem(translation.problems().get(1), 3, 1, ".c", "cannot be empty");
        assertProblem(translation.problems().get(2), 5, 6, "t.d.", "cannot be empty");
    }

    @Test
    void keysThatFlattenAlikeAreRefused() {
        ConfigProblem problem = onlyProblem("\"a.b\" = 1\n[a]\nb = 2\n");
        assertProblem(problem, 3, 1, "a.b", "the key a.b flattens to the same ConfigAdmin property as the key \"a.b\""
                + " at line 1, column 1");
    }

    @Test
    void keysDifferingOnlyInCaseAreRefused() {
        Translation translation = TomlTranslator.translate(FILE, "Port = 1\nport = 2\n");
        assertEquals(1, translation.problems().size());
        assertProblem(translation.problems().get(0), 2, 1, "port", "as the key Port at line 1, column 1");
        assertEquals(Map.of("Port", 1L), translation.properties());
    }

    // ---- positions

    @Test
    void positionsOfEveryKey() {
        Translation translation = TomlTranslator.translate(FILE,
                "top = 1\n\n[db]\n  port = 5432\nx = {y = 1, z.w = 2}\n[a.b]\nc = [1,\n  2]\n");
        assertTrue(translation.ok(), translation.problems().toString());
        Map<String, int[]> positions = translation.positions();
        assertEquals(List.of("top", "db.port", "db.x.y", "db.x.z.w", "a.b.c"), List.copyOf(positions.keySet()));
        assertArrayEquals(new int[] {1, 1}, positions.get("top"));
        assertArrayEquals(new int[] {4, 3}, positions.get("db.port"));
        assertArrayEquals(new int[] {5, 6}, positions.get("db.x.y"));
        assertArrayEquals(new int[] {5, 13}, positions.get("db.x.z.w"));
        assertArrayEquals(new int[] {7, 1}, positions.get("a.b.c"));
    }

    @Test
    void refusedKeysHaveNoPropertyAndNoPosition() {
        Translation translation = TomlTranslator.translate(FILE, "a = 1\nb = [1, \"x\"]\nc = 3\n");
        assertEquals(List.of("a", "c"), List.copyOf(translation.properties().keySet()));
        assertEquals(List.of("a", "c"), List.copyOf(translation.positions().keySet()));
    }

    // ---- problems

    @Test
    void allProblemsAreReportedInFileOrder() {
        Translation translation = TomlTranslator.translate(FILE, "[z]\nmixed = [1, \"a\"]\n[a]\nnested = [[1]]\n"
                + "\"\" = 1\n[z.sub]\nf = nan\n[[list]]\nx = 1\n");
        List<ConfigProblem> problems = translation.problems();
        assertEquals(5, problems.size(), problems.toString());
        assertProblem(problems.get(0), 2, 13, "z.mixed", "found integer and string");
        assertProblem(problems.get(1), 4, 11, "a.nested", "nested arrays");
        assertProblem(problems.get(2), 5, 1, "a.", "cannot be empty");
        assertProblem(problems.get(3), 7, 1, "z.sub.f", "the float nan is refused");
        assertProblem(problems.get(4), 8, 1, "list", "an array of tables");
        assertFalse(translation.ok());
    }

    @Test
    void problemTextNamesFileLineColumnKey() {
        assertEquals("etc/db.toml line 1, column 9, key 'x': arrays must hold values of one type: found integer and"
                + " float; ConfigAdmin has no mixed arrays", onlyProblem("x = [1, 2.5]\n").toString());
    }

    @Test
    void parseErrorHasLineColumnAndMessageAndNoProperties() {
        Translation translation = TomlTranslator.translate(FILE, "good = 1\nbad = \n");
        assertEquals(1, translation.problems().size());
        ConfigProblem problem = translation.problems().get(0);
        assertEquals(new ConfigProblem(FILE, 2, 7, "", "Newline not permitted here"), problem);
        assertEquals(Map.of(), translation.properties());
        assertEquals(Map.of(), translation.positions());
    }

    @Test
    void theParserStopsAtTheFirstParseError() {
        Translation translation = TomlTranslator.translate(FILE, "a = \nb = = 2\nc = 1\nc = 2\n[x\n");
        assertEquals(List.of(new ConfigProblem(FILE, 1, 5, "", "Newline not permitted here")), translation.problems());
        assertEquals(Map.of(), translation.properties());
    }

    @Test
    void aDuplicateKeyIsAParseError() {
        ConfigProblem problem = onlyProblem("c = 1\nc = 2\nd = 3\n");
        assertEquals("Duplicate key", problem.message());
        assertEquals(3, problem.line()); // the parser reports where it stood: after the repeated key's value
    }

    @Test
    void aByteOrderMarkIsIgnoredAndColumnsCountWithoutIt() {
        Translation translation = TomlTranslator.translate(FILE, "\uFEFFa = 1\nb = [1, \"x\"]\n");
        assertEquals(Map.of("a", 1L), translation.properties());
        assertArrayEquals(new int[] {1, 1}, translation.positions().get("a"));
        assertProblem(translation.problems().get(0), 2, 9, "b", "found integer and string");
    }

    @Test
    void negativeZeroKeepsItsSign() {
        assertEquals(-0.0d, ok("a = -0.0\n").get("a"));
        assertArrayEquals(new Double[] {-0.0d, 0.0d}, (Double[]) ok("a = [-0e0, +0.0]\n").get("a"));
    }

    @Test
    void largeHexadecimalOctalAndBinaryIntegersAreLongs() {
        Map<String, Object> properties = ok("h = 0x7FFFFFFFFFFFFFFF\no = 0o777777777777777777777\n"
                + "b = 0b111111111111111111111111111111111111111111111111111111111111111\nsmall = 0xff\n");
        assertEquals(Long.MAX_VALUE, properties.get("h"));
        assertEquals(Long.MAX_VALUE, properties.get("o"));
        assertEquals(Long.MAX_VALUE, properties.get("b"));
        assertEquals(255L, properties.get("small"));
        assertProblem(onlyProblem("h = 0x8000000000000000\n"), 1, 5, "h", "Integer is too large");
    }

    @Test
    void outOfRangeElementsAreRefusedAtTheElement() {
        assertProblem(onlyProblem("x = [1, 9223372036854775808]\n"), 1, 9, "x", "element 2 of the array: Integer is too large");
    }

    /**
     * tomlj took over a minute for 4,000 consecutive comment lines (cubic). The speed is shown by
     * TomlTranslateBenchmark; the timeout here only keeps such a parser from hanging the build.
     */
    @Test
    @Timeout(60)
    void manyCommentLinesParse() {
        String text = "# a comment line of a configuration file\n".repeat(40_000) + "a = 1\n";
        assertEquals(Map.of("a", 1L), TomlTranslator.translate(FILE, text).properties());
    }

    @Test
    void parseErrorsHideSemanticProblems() {
        Translation translation = TomlTranslator.translate(FILE, "x = [1, \"a\"]\ny = \n");
        assertEquals(1, translation.problems().size());
        assertEquals(2, translation.problems().get(0).line());
    }

    @Test
    void toml11OnlySyntaxIsAParseError() {
        assertProblem(onlyProblem("t = 07:32\n"), 1, 5, "", "seconds are required in a time");
        assertProblem(onlyProblem("t = [1979-05-27 07:32:00, 1979-05-27T07:32Z]\n"), 1, 27, "", "seconds are required");
        assertProblem(onlyProblem("x = {a = 1,\n b = 2}\n"), 1, 12, "", "newlines are not allowed in an inline table");
        assertProblem(onlyProblem("x = {a = 1, }\n"), 1, 13, "", "a trailing comma is not allowed in an inline table");
        assertProblem(onlyProblem("s = \"a\\x41\"\n"), 1, 7, "", "\\x is no escape of TOML 1.0");
        assertProblem(onlyProblem("s = \"\"\"a\\e\"\"\"\n"), 1, 9, "", "\\e is no escape of TOML 1.0");
        assertEquals("a\nb", ok("s = \"\"\"a\\\n  \\nb\"\"\"\n").get("s"));
    }

    @Test
    void outOfRangeNumbersAreRefusedAtTheValue() {
        assertProblem(onlyProblem("i = 9223372036854775808\n"), 1, 5, "i", "Integer is too large");
        assertProblem(onlyProblem("f = 1e400\n"), 1, 5, "f", "Float is too large");
    }

    @Test
    void resultIsUnmodifiable() {
        Translation translation = TomlTranslator.translate(FILE, "a = 1\n");
        assertThrows(UnsupportedOperationException.class, () -> translation.properties().put("b", 2L));
        assertThrows(UnsupportedOperationException.class, () -> translation.positions().clear());
        assertThrows(UnsupportedOperationException.class, () -> translation.problems().clear());
    }
}
