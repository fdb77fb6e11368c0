package io.procdaemon.config.toml;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;
import org.tomlj.TomlVersion;

/**
 * Translates a TOML 1.0 file into ConfigAdmin properties.
 *
 * <h2>Keys</h2>
 * Tables flatten to dotted property names: {@code [db] port = 5432} is {@code db.port};
 * {@code [a.b] c = 1} is {@code a.b.c}; {@code x = {y = 1}} is {@code x.y}; {@code a.b = 1} is
 * {@code a.b}. A quoted key is taken as written, so {@code "a.b" = 1} is also {@code a.b}. Properties
 * are in file order (by the position of each key). A table without keys yields no property.
 * Refused:
 * <ul>
 * <li>a key with an empty segment ({@code "" = 1}, {@code a."".b = 1}): ConfigAdmin property names
 * cannot be empty;</li>
 * <li>two keys that flatten to the same property name, compared ignoring case as ConfigAdmin does
 * ({@code "a.b" = 1} and {@code a.b = 2}; {@code Port} and {@code port}): the second one is
 * refused.</li>
 * </ul>
 *
 * <h2>Values</h2>
 * <table>
 * <caption>TOML to ConfigAdmin</caption>
 * <tr><th>TOML</th><th>property value</th></tr>
 * <tr><td>integer</td><td>{@link Long}</td></tr>
 * <tr><td>float</td><td>{@link Double}; {@code nan}, {@code inf} and {@code -inf} are refused (a NaN
 * passes no comparison, so it slips through every range check, and an infinity is no number a
 * consumer can use; leave the key out or write a finite bound)</td></tr>
 * <tr><td>boolean</td><td>{@link Boolean}</td></tr>
 * <tr><td>string</td><td>{@link String}</td></tr>
 * <tr><td>offset date-time</td><td>{@link String},
 * {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}: {@code 1979-05-27T07:32:00Z},
 * {@code 1979-05-27T00:32:00.999999-07:00}</td></tr>
 * <tr><td>local date-time</td><td>{@link String}, {@link DateTimeFormatter#ISO_LOCAL_DATE_TIME}:
 * {@code 1979-05-27T07:32:00}</td></tr>
 * <tr><td>local date</td><td>{@link String}, {@link DateTimeFormatter#ISO_LOCAL_DATE}:
 * {@code 1979-05-27}</td></tr>
 * <tr><td>local time</td><td>{@link String}, {@link DateTimeFormatter#ISO_LOCAL_TIME}:
 * {@code 07:32:00}, {@code 00:32:00.5}</td></tr>
 * <tr><td>array of one of these types</td><td>{@code Long[]}, {@code Double[]}, {@code Boolean[]} or
 * {@code String[]} (strings and dates/times)</td></tr>
 * <tr><td>empty array {@code []}</td><td>{@code String[0]}</td></tr>
 * </table>
 * Dates and times are always written with seconds, the fraction of a second only when it is not
 * zero and without trailing zeros, a zero offset as {@code Z} and a space between date and time as
 * {@code T}; unlike {@code toString()}, which drops zero seconds ({@code 07:32}). Each parses back
 * with {@code OffsetDateTime.parse}, {@code LocalDateTime.parse}, {@code LocalDate.parse} or
 * {@code LocalTime.parse}.
 * <p>
 * Refused, because ConfigAdmin has no faithful form for them, with the position of the first
 * offending element: arrays mixing types ({@code [1, "a"]}, and {@code [1, 2.5]}: integer and float
 * are different types, as are string and date), arrays of tables ({@code [[servers]]},
 * {@code [{a = 1}]}) and nested arrays ({@code [[1, 2], [3]]}).
 *
 * <h2>Problems</h2>
 * Every TOML parse error becomes a problem with tomlj's line, column and message and no key; when
 * there is one, the properties and positions are empty and the file is not checked further. Otherwise
 * every refused key is a problem naming file, line, column and key. All problems are reported, in
 * file order; a refused key is left out of the properties.
 */
public final class TomlTranslator {

    /** ConfigAdmin's array element types, as a refusal names them. */
    private static final String ARRAY_TYPES = "integers, floats, booleans or strings (dates and times as strings)";

    /** Problems by position; stable, so problems at one position keep the order they were found in. */
    private static final Comparator<ConfigProblem> FILE_ORDER =
            Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column);

    private TomlTranslator() {
    }

    /**
     * Translates one file.
     *
     * @param file the file as operators name it, e.g. {@code etc/db.toml}; named in every problem
     * @param text the file's content
     * @return the properties (dotted key to value, file order), each property's {@code {line, column}}
     *         (the same keys, same order) and the problems (file order); the maps and list are
     *         unmodifiable
     */
    public static Translation translate(String file, String text) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(text, "text");
        TomlParseResult parsed = Toml.parse(text, TomlVersion.V1_0_0);
        List<ConfigProblem> problems = new ArrayList<>();
        if (parsed.hasErrors()) {
            for (TomlParseError error : parsed.errors()) {
                TomlPosition at = error.position();
                problems.add(new ConfigProblem(file, at == null ? 0 : at.line(), at == null ? 0 : at.column(), "",
                        error.getMessage()));
            }
            // tomlj reports syntax errors before the errors it finds when building tables
            problems.sort(FILE_ORDER);
            return result(file, Map.of(), Map.of(), problems);
        }

        List<Leaf> leaves = new ArrayList<>();
        collect(parsed, new ArrayList<>(), leaves);
        // tomlj keeps each table's keys in insertion order, but a later [a.b] header lands inside the
        // earlier [a]; file order is the order of the keys' positions (each key has its own)
        leaves.sort(Comparator.comparingInt(Leaf::line).thenComparingInt(Leaf::column));

        Map<String, Object> properties = new LinkedHashMap<>();
        Map<String, int[]> positions = new LinkedHashMap<>();
        Map<String, Leaf> seen = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Leaf leaf : leaves) {
            String key = String.join(".", leaf.path());
            if (leaf.path().stream().anyMatch(String::isEmpty)) {
                problems.add(leaf.problem(file, key, "ConfigAdmin property names cannot be empty, nor have an empty"
                        + " part between dots: the key " + Toml.joinKeyPath(leaf.path())
                        + " has an empty quoted segment (\"\"); give every key and table a non-empty name"));
                continue;
            }
            Leaf earlier = seen.putIfAbsent(key, leaf);
            if (earlier != null) {
                problems.add(leaf.problem(file, key, "the key " + Toml.joinKeyPath(leaf.path())
                        + " flattens to the same ConfigAdmin property as the key " + Toml.joinKeyPath(earlier.path())
                        + " at line " + earlier.line() + ", column " + earlier.column()
                        + "; ConfigAdmin property names are dotted and case-insensitive, so each may appear once"));
                continue;
            }
            Object value = value(file, key, leaf, problems);
            if (value != null) {
                properties.put(key, value);
                positions.put(key, new int[] {leaf.line(), leaf.column()});
            }
        }
        problems.sort(FILE_ORDER);
        return result(file, properties, positions, problems);
    }

    private static Translation result(String file, Map<String, Object> properties, Map<String, int[]> positions,
            List<ConfigProblem> problems) {
        return new Translation(file, Collections.unmodifiableMap(properties), Collections.unmodifiableMap(positions),
                List.copyOf(problems));
    }

    /** A key with a value that is not a table: a property to be, or a refusal. */
    private record Leaf(List<String> path, Object value, int line, int column) {

        ConfigProblem problem(String file, String key, String message) {
            return new ConfigProblem(file, line, column, key, message);
        }
    }

    private static void collect(TomlTable table, List<String> path, List<Leaf> leaves) {
        for (Map.Entry<String, Object> entry : table.entrySet()) {
            List<String> keyPath = new ArrayList<>(path);
            keyPath.add(entry.getKey());
            if (entry.getValue() instanceof TomlTable nested) {
                collect(nested, keyPath, leaves);
            } else {
                TomlPosition at = table.inputPositionOf(List.of(entry.getKey()));
                leaves.add(new Leaf(List.copyOf(keyPath), entry.getValue(), at == null ? 0 : at.line(),
                        at == null ? 0 : at.column()));
            }
        }
    }

    /** @return the property value, or {@code null} after adding the problems that refuse it */
    private static Object value(String file, String key, Leaf leaf, List<ConfigProblem> problems) {
        Object value = leaf.value();
        if (value instanceof TomlArray array) {
            return array(file, key, array, problems);
        }
        if (value instanceof Double number && !Double.isFinite(number)) {
            problems.add(leaf.problem(file, key, nonFinite(number)));
            return null;
        }
        Object scalar = scalar(value);
        if (scalar == null) {
            problems.add(leaf.problem(file, key, "a " + typeName(value) + " has no ConfigAdmin form"));
        }
        return scalar;
    }

    private static Object array(String file, String key, TomlArray array, List<ConfigProblem> problems) {
        int size = array.size();
        if (size == 0) {
            return new String[0];
        }
        for (int i = 0; i < size; i++) {
            if (array.get(i) instanceof TomlTable) {
                problems.add(at(file, key, array, i, "an array of tables has no ConfigAdmin form: ConfigAdmin arrays"
                        + " hold " + ARRAY_TYPES + ", not tables; give each entry its own table ([" + key
                        + ".first], [" + key + ".second]) or its own factory configuration (<pid>~<name>.toml)"));
                return null;
            }
        }
        for (int i = 0; i < size; i++) {
            if (array.get(i) instanceof TomlArray) {
                problems.add(at(file, key, array, i, "nested arrays have no ConfigAdmin form: ConfigAdmin arrays"
                        + " hold " + ARRAY_TYPES + ", not arrays; use one flat array or one key per inner array"));
                return null;
            }
        }
        Set<String> types = new LinkedHashSet<>();
        int firstOther = -1;
        for (int i = 0; i < size; i++) {
            types.add(typeName(array.get(i)));
            if (firstOther < 0 && types.size() > 1) {
                firstOther = i;
            }
        }
        if (types.size() > 1) {
            problems.add(at(file, key, array, firstOther, "arrays must hold values of one type: found "
                    + and(types) + "; ConfigAdmin has no mixed arrays"));
            return null;
        }
        Object first = array.get(0);
        if (first instanceof Double) {
            boolean finite = true;
            for (int i = 0; i < size; i++) {
                double number = array.getDouble(i);
                if (!Double.isFinite(number)) {
                    problems.add(at(file, key, array, i, "element " + (i + 1) + " of the array: " + nonFinite(number)));
                    finite = false;
                }
            }
            if (!finite) {
                return null;
            }
        }
        Object[] values;
        if (first instanceof Long) {
            values = new Long[size];
        } else if (first instanceof Double) {
            values = new Double[size];
        } else if (first instanceof Boolean) {
            values = new Boolean[size];
        } else {
            values = new String[size];
        }
        for (int i = 0; i < size; i++) {
            Object element = scalar(array.get(i));
            if (element == null) {
                problems.add(at(file, key, array, i, "a " + typeName(array.get(i)) + " has no ConfigAdmin form"));
                return null;
            }
            values[i] = element;
        }
        return values;
    }

    private static ConfigProblem at(String file, String key, TomlArray array, int index, String message) {
        TomlPosition at = array.inputPositionOf(index);
        return new ConfigProblem(file, at == null ? 0 : at.line(), at == null ? 0 : at.column(), key, message);
    }

    /** @return the ConfigAdmin form of a TOML scalar, or {@code null} for anything else */
    private static Object scalar(Object value) {
        if (value instanceof Long || value instanceof Double || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof OffsetDateTime dateTime) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(dateTime);
        }
        if (value instanceof LocalDateTime dateTime) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(dateTime);
        }
        if (value instanceof LocalDate date) {
            return DateTimeFormatter.ISO_LOCAL_DATE.format(date);
        }
        if (value instanceof LocalTime time) {
            return DateTimeFormatter.ISO_LOCAL_TIME.format(time);
        }
        return null;
    }

    private static String nonFinite(double number) {
        String written = Double.isNaN(number) ? "nan" : number > 0 ? "inf" : "-inf";
        return "the float " + written + " is refused: floats must be finite numbers (nan fails every comparison,"
                + " inf and -inf are no usable quantity); write a finite number, or leave the key out";
    }

    /** @return the TOML 1.0 name of a value's type */
    private static String typeName(Object value) {
        if (value instanceof Long) {
            return "integer";
        }
        if (value instanceof Double) {
            return "float";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof OffsetDateTime) {
            return "offset date-time";
        }
        if (value instanceof LocalDateTime) {
            return "local date-time";
        }
        if (value instanceof LocalDate) {
            return "local date";
        }
        if (value instanceof LocalTime) {
            return "local time";
        }
        if (value instanceof TomlArray) {
            return "array";
        }
        if (value instanceof TomlTable) {
            return "table";
        }
        return value == null ? "null" : value.getClass().getName();
    }

    /** @return {@code a}, {@code a and b}, {@code a, b and c} */
    private static String and(Set<String> words) {
        List<String> list = new ArrayList<>(words);
        if (list.size() == 1) {
            return list.get(0);
        }
        return String.join(", ", list.subList(0, list.size() - 1)) + " and " + list.get(list.size() - 1);
    }
}
