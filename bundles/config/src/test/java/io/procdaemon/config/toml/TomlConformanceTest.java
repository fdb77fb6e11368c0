package io.procdaemon.config.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The official toml-test corpus (src/test/resources/toml-test: its LICENSE, and SOURCE names its
 * commit), every file its list names for TOML 1.0. Each invalid file must be refused. Each valid
 * file must be accepted with exactly the values of its {@code .json}, mapped to our ConfigAdmin
 * forms (tables flattened to dotted keys, integers Long, floats Double, dates and times the ISO
 * strings TomlTranslator documents, arrays of one type typed arrays, an empty array String[0],
 * an empty table nothing), or be refused for a reason docs/configuration.md documents, and then
 * only if {@link #REFUSED_VALID} lists it with that reason: a new refusal fails the test.
 */
class TomlConformanceTest {

    private static final String ROOT = "/toml-test/";
    private static final JsonMapper JSON = new JsonMapper();

    /** The documented reasons a valid TOML file is refused, each by what its problem says. */
    enum Reason {
        ARRAY_OF_TABLES("an array of tables has no ConfigAdmin form"),
        NESTED_ARRAY("nested arrays have no ConfigAdmin form"),
        MIXED_ARRAY("arrays must hold values of one type"),
        EMPTY_KEY_SEGMENT("ConfigAdmin property names cannot be empty"),
        NOT_FINITE("floats must be finite numbers"),
        SAME_PROPERTY("flattens to the same ConfigAdmin property");

        final String says;

        Reason(String says) {
            this.says = says;
        }
    }

    /** Each valid file the translator refuses, with the documented reason (the first, when several). */
    private static final Map<String, Reason> REFUSED_VALID = refusedValid();

    private static Map<String, Reason> refusedValid() {
        Map<String, Reason> refused = new TreeMap<>();
        put(refused,
                Reason.ARRAY_OF_TABLES, "array/array-subtables", "array/mixed-string-table",
                "array/nested-inline-table", "array/open-parent-table", "array/table-array-string-backslash",
                "comment/everywhere", "inline-table/array-01", "inline-table/empty", "inline-table/inline-table",
                "inline-table/key-dotted-04", "inline-table/key-dotted-05", "inline-table/key-dotted-06",
                "inline-table/key-dotted-07", "inline-table/nest", "key/dotted-04", "key/like-date",
                "spec-1.0.0/array-of-tables-0", "spec-1.0.0/array-of-tables-1", "spec-1.0.0/array-of-tables-2",
                "table/array-empty", "table/array-implicit", "table/array-implicit-and-explicit-after",
                "table/array-many", "table/array-nest", "table/array-one", "table/array-table-array",
                "table/array-within-dotted");
        put(refused,
                Reason.EMPTY_KEY_SEGMENT, "key/dotted-empty", "key/empty-01", "key/empty-02", "key/empty-03",
                "key/empty-04", "table/array-empty-name", "table/empty-name");
        put(refused,
                Reason.MIXED_ARRAY, "array/array", "array/mixed-int-float", "array/mixed-int-string");
        put(refused,
                Reason.NESTED_ARRAY, "array/empty", "array/hetergeneous", "array/mixed-int-array", "array/nested",
                "array/nested-double", "comment/tricky", "spec-1.0.0/array-0", "spec-example-1",
                "spec-example-1-compact");
        put(refused,
                Reason.NOT_FINITE, "comment/after-literal-no-ws", "float/inf-and-nan", "spec-1.0.0/float-2");
        put(refused,
                Reason.SAME_PROPERTY, "key/case-sensitive", "table/names-with-values");
        return refused;
    }

    private static void put(Map<String, Reason> refused, Reason reason, String... files) {
        for (String file : files) {
            refused.put(file, reason);
        }
    }

    @Test
    void everyInvalidFileIsRefused() {
        List<String> accepted = new ArrayList<>();
        int refused = 0;
        for (String file : listed("invalid/")) {
            Translation translation = translate(file);
            if (translation.ok()) {
                accepted.add(file);
            } else {
                refused++;
            }
        }
        System.out.println("toml-test 1.0 invalid: " + refused + " refused, " + accepted.size() + " accepted "
                + accepted);
        assertEquals(List.of(), accepted, "invalid files accepted");
    }

    @Test
    void everyValidFileIsAcceptedWithItsValuesOrRefusedForADocumentedReason() {
        int accepted = 0;
        Map<Reason, List<String>> refusedByReason = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (String file : listed("valid/")) {
            if (!file.endsWith(".toml")) {
                continue;
            }
            String name = file.substring("valid/".length(), file.length() - ".toml".length());
            Translation translation = translate(file);
            Map<String, Object> expected = expected(file.substring(0, file.length() - ".toml".length()) + ".json");
            if (translation.ok()) {
                accepted++;
                String mismatch = compare(expected, translation);
                if (mismatch != null) {
                    failures.add(name + ": " + mismatch);
                }
                if (REFUSED_VALID.containsKey(name)) {
                    failures.add(name + ": listed as refused for " + REFUSED_VALID.get(name) + " but accepted");
                }
                continue;
            }
            Reason reason = REFUSED_VALID.get(name);
            if (reason == null) {
                failures.add(name + ": refused, and not listed: " + translation.problems());
                continue;
            }
            refusedByReason.computeIfAbsent(reason, r -> new ArrayList<>()).add(name);
            for (ConfigProblem problem : translation.problems()) {
                if (Arrays.stream(Reason.values()).noneMatch(r -> problem.message().contains(r.says))) {
                    failures.add(name + ": refused for an undocumented reason: " + problem);
                }
                if (problem.line() <= 0 || problem.column() <= 0) {
                    failures.add(name + ": a refusal without line and column: " + problem);
                }
            }
            if (translation.problems().stream().noneMatch(p -> p.message().contains(reason.says))) {
                failures.add(name + ": listed as " + reason + " but refused for " + translation.problems());
            }
        }
        StringBuilder report = new StringBuilder("toml-test 1.0 valid: " + accepted + " accepted");
        refusedByReason.forEach((reason, files) -> report.append(", ").append(files.size()).append(' ').append(reason));
        System.out.println(report + "; " + failures.size() + " failures");
        assertEquals(List.of(), failures);
    }

    @Test
    void aByteOrderMarkIsAccepted() {
        for (String file : List.of("valid/utf8-bom-01.toml", "valid/utf8-bom-02.toml")) {
            Translation translation = translate(file);
            assertTrue(translation.ok(), file + ": " + translation.problems());
            assertTrue(translation.positions().values().stream().allMatch(at -> at[0] > 0 && at[1] > 0));
        }
    }

    // --- reading the corpus ------------------------------------------------------------------------

    /** @return the files of the TOML 1.0 list under a folder, in the list's order */
    private static List<String> listed(String folder) {
        String list = new String(bytes("files-toml-1.0.0"), StandardCharsets.UTF_8);
        return list.lines().filter(line -> line.startsWith(folder)).toList();
    }

    /** As ConfigFiles reads a file: bytes decoded strictly, malformed UTF-8 refused. */
    private static Translation translate(String file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes(file))).toString();
        } catch (CharacterCodingException e) {
            return new Translation(file, Map.of(), Map.of(), List.of(new ConfigProblem(file, 0, 0, "", "is not valid UTF-8")));
        }
        return TomlTranslator.translate(file, text);
    }

    private static byte[] bytes(String file) {
        try (InputStream in = TomlConformanceTest.class.getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new AssertionError("no test resource " + ROOT + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- the expected values -------------------------------------------------------------------------

    /** @return the file's JSON as ConfigAdmin properties: dotted keys, file order not kept */
    private static Map<String, Object> expected(String jsonFile) {
        Map<String, Object> properties = new LinkedHashMap<>();
        flatten(JSON.readTree(bytes(jsonFile)), "", properties);
        return properties;
    }

    private static void flatten(JsonNode table, String prefix, Map<String, Object> properties) {
        for (Entry<String, JsonNode> member : table.properties()) {
            String key = prefix + member.getKey();
            JsonNode value = member.getValue();
            if (isTagged(value) || value.isArray()) {
                properties.put(key, value(value));
            } else {
                flatten(value, key + ".", properties);
            }
        }
    }

    /** toml-test's scalar: {@code {"type": "integer", "value": "42"}} */
    private static boolean isTagged(JsonNode node) {
        return node.isObject() && node.size() == 2 && node.path("type").isString() && node.path("value").isString();
    }

    private static Object value(JsonNode node) {
        if (node.isArray()) {
            List<Object> elements = new ArrayList<>();
            node.forEach(element -> elements.add(value(element)));
            if (elements.isEmpty()) {
                return new String[0];
            }
            Object first = elements.get(0);
            if (first instanceof Object[] || elements.stream().anyMatch(e -> e.getClass() != first.getClass())) {
                return elements.toArray(); // nested or mixed: refused, so never compared
            }
            Object[] array = first instanceof Long ? new Long[elements.size()] : first instanceof Double
                    ? new Double[elements.size()] : first instanceof Boolean ? new Boolean[elements.size()]
                    : new String[elements.size()];
            return elements.toArray(array);
        }
        if (!isTagged(node)) {
            return "a table " + node; // in an array of tables: refused, so never compared
        }
        String value = node.get("value").asString();
        return switch (node.get("type").asString()) {
            case "integer" -> Long.parseLong(value);
            case "float" -> switch (value) {
                case "nan", "+nan", "-nan" -> Double.NaN;
                case "inf", "+inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(value);
            };
            case "bool" -> Boolean.parseBoolean(value);
            case "string" -> value;
            case "datetime" -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.parse(value.replace(' ', 'T')));
            case "datetime-local" -> DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.parse(value.replace(' ', 'T')));
            case "date-local" -> DateTimeFormatter.ISO_LOCAL_DATE.format(LocalDate.parse(value));
            case "time-local" -> DateTimeFormatter.ISO_LOCAL_TIME.format(LocalTime.parse(value));
            default -> throw new AssertionError("unknown toml-test type " + node);
        };
    }

    /** @return what differs, or {@code null} */
    private static String compare(Map<String, Object> expected, Translation translation) {
        Map<String, Object> actual = translation.properties();
        if (!new TreeSet<>(expected.keySet()).equals(new TreeSet<>(actual.keySet()))) {
            return "keys " + new TreeSet<>(actual.keySet()) + ", expected " + new TreeSet<>(expected.keySet());
        }
        for (String key : expected.keySet()) {
            Object want = expected.get(key);
            Object got = actual.get(key);
            boolean same = want instanceof Object[] wanted && got instanceof Object[] gotten
                    ? wanted.getClass() == gotten.getClass() && Arrays.equals(wanted, gotten)
                    : Objects.equals(want, got);
            if (!same) {
                return key + " = " + show(got) + ", expected " + show(want);
            }
            int[] at = translation.positions().get(key);
            if (at == null || at[0] <= 0 || at[1] <= 0) {
                return key + " has no position";
            }
        }
        return null;
    }

    private static String show(Object value) {
        if (value instanceof Object[] array) {
            return array.getClass().getSimpleName() + Arrays.toString(array);
        }
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }

    static {
        // fail early and clearly when the corpus was not copied
        if (TomlConformanceTest.class.getResource(ROOT + "files-toml-1.0.0") == null) {
            fail("the toml-test corpus is missing from src/test/resources" + ROOT);
        }
    }
}
