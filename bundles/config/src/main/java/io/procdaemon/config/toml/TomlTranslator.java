package io.procdaemon.config.toml;

import java.math.BigDecimal;
import java.math.BigInteger;
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

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.toml.TomlFactory;
import tools.jackson.dataformat.toml.TomlReadFeature;

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
 * The parser (Jackson's TOML module, which reads TOML 1.1) stops at the first syntax error: it
 * becomes the only problem, with the parser's line, column and message and no key, and the
 * properties and positions are empty. So does syntax only TOML 1.1 allows (times without seconds,
 * {@code \x} and {@code \e} escapes, newlines and trailing commas in inline tables), which
 * {@link TomlEditor}'s scanner refuses. Otherwise every refused key is a problem naming file,
 * line, column and key (the parser builds a tree without key positions, so the scanner locates
 * keys in the same text). All problems are reported, in file order; a refused key is left out of
 * the properties.
 */
public final class TomlTranslator {

    /** ConfigAdmin's array element types, as a refusal names them. */
    private static final String ARRAY_TYPES = "integers, floats, booleans or strings (dates and times as strings)";

    /** Problems by position; stable, so problems at one position keep the order they were found in. */
    private static final Comparator<ConfigProblem> FILE_ORDER =
            Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column);

    /** Immutable and thread-safe once built: one for every translation. */
    private static final TomlFactory TOML = new TomlFactory();

    /**
     * Dates and times as {@code java.time} values rather than their text: the parser then checks
     * that they exist (no February 30) and the translator writes them in one documented form.
     * (The factory's builder does not carry format read features to a parser made without a
     * mapper, so they are asked for here.)
     */
    private static final ObjectReadContext READ = new ObjectReadContext.Base() {
        @Override
        public int getFormatReadFeatures(int defaults) {
            return defaults | TomlReadFeature.PARSE_JAVA_TIME.getMask();
        }
    };

    /** An inline table met inside an array: refused, so its content does not matter. */
    private static final Object TABLE = new Object() {
        @Override
        public String toString() {
            return "table";
        }
    };

    private TomlTranslator() {
    }

    /**
     * Translates one file.
     *
     * @param file the file as operators name it, e.g. {@code etc/db.toml}; named in every problem
     * @param text the file's content; a leading byte order mark is ignored. Its size is not limited
     *        here: the reader of files refuses a file above {@code procdaemon.config.max.bytes}
     *        before reading it (ConfigFiles)
     * @return the properties (dotted key to value, file order), each property's {@code {line, column}}
     *         (the same keys, same order) and the problems (file order); the maps and list are
     *         unmodifiable
     */
    public static Translation translate(String file, String text) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(text, "text");
        List<Leaf> leaves = new ArrayList<>();
        try (JsonParser parser = TOML.createParser(READ, text)) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                table(parser, List.of(), leaves);
            }
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            int line = at == null ? 0 : Math.max(0, at.getLineNr());
            int column = at == null ? 0 : Math.max(0, at.getColumnNr());
            return result(file, Map.of(), Map.of(), List.of(new ConfigProblem(file, line, column, "",
                    e.getOriginalMessage())));
        }

        KeyPositions positions;
        try {
            positions = TomlEditor.positions(text);
        } catch (TomlEditor.Unexpected e) {
            // The parser reads TOML 1.1; the scanner, which follows TOML 1.0's layout, refuses what
            // 1.1 added (times without seconds, \x escapes, newlines and trailing commas in inline
            // tables). Refused as a parse error is, located.
            int[] at = new KeyPositions(text).lineAndColumn(e.offset);
            return result(file, Map.of(), Map.of(), List.of(new ConfigProblem(file, at[0], at[1], "", e.getMessage())));
        }
        List<ConfigProblem> problems = new ArrayList<>();
        for (Leaf leaf : leaves) {
            int[] at = positions.ofKey(leaf.path());
            leaf.line = at[0];
            leaf.column = at[1];
        }
        // the parser groups keys by table; file order is the order of the keys' positions
        leaves.sort(Comparator.comparingInt(Leaf::line).thenComparingInt(Leaf::column));

        Map<String, Object> properties = new LinkedHashMap<>();
        Map<String, int[]> keyPositions = new LinkedHashMap<>();
        Map<String, Leaf> seen = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Leaf leaf : leaves) {
            String key = String.join(".", leaf.path());
            if (leaf.path().contains("")) {
                problems.add(leaf.problem(file, key, "ConfigAdmin property names cannot be empty, nor have an empty"
                        + " part between dots: the key " + TomlEditor.keyText(leaf.path())
                        + " has an empty quoted segment (\"\"); give every key and table a non-empty name"));
                continue;
            }
            Leaf earlier = seen.putIfAbsent(key, leaf);
            if (earlier != null) {
                problems.add(leaf.problem(file, key, "the key " + TomlEditor.keyText(leaf.path())
                        + " flattens to the same ConfigAdmin property as the key " + TomlEditor.keyText(earlier.path())
                        + " at line " + earlier.line() + ", column " + earlier.column()
                        + "; ConfigAdmin property names are dotted and case-insensitive, so each may appear once"));
                continue;
            }
            Object value = value(file, key, leaf, positions, problems);
            if (value != null) {
                properties.put(key, value);
                keyPositions.put(key, new int[] {leaf.line(), leaf.column()});
            }
        }
        problems.sort(FILE_ORDER);
        return result(file, properties, keyPositions, problems);
    }

    private static Translation result(String file, Map<String, Object> properties, Map<String, int[]> positions,
            List<ConfigProblem> problems) {
        return new Translation(file, Collections.unmodifiableMap(properties), Collections.unmodifiableMap(positions),
                List.copyOf(problems));
    }

    /** A key with a value that is not a table: a property to be, or a refusal. */
    private static final class Leaf {

        private final List<String> path;
        private final Object value;
        private int line;
        private int column;

        Leaf(List<String> path, Object value) {
            this.path = path;
            this.value = value;
        }

        List<String> path() {
            return path;
        }

        Object value() {
            return value;
        }

        int line() {
            return line;
        }

        int column() {
            return column;
        }

        ConfigProblem problem(String file, String key, String message) {
            return new ConfigProblem(file, line, column, key, message);
        }
    }

    // --- from the parser's tokens ----------------------------------------------------------------

    /** Reads the members of a table whose START_OBJECT was just read, up to its END_OBJECT. */
    private static void table(JsonParser parser, List<String> path, List<Leaf> leaves) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            List<String> keyPath = new ArrayList<>(path);
            keyPath.add(parser.currentName());
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                table(parser, keyPath, leaves);
            } else {
                leaves.add(new Leaf(List.copyOf(keyPath), token(parser)));
            }
        }
    }

    /**
     * @return the current token's value: Long or BigInteger, BigDecimal or Double (nan, inf), Boolean,
     *         String, a java.time value, a List for an array, {@link #TABLE} for an inline table
     */
    private static Object token(JsonParser parser) {
        JsonToken token = parser.currentToken();
        switch (token) {
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? parser.getBigIntegerValue()
                        : parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_DECIMAL ? parser.getDecimalValue()
                        : parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_STRING:
                return parser.getString();
            case VALUE_EMBEDDED_OBJECT:
                return parser.getEmbeddedObject();
            case START_ARRAY:
                List<Object> elements = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    elements.add(token(parser));
                }
                return elements;
            case START_OBJECT:
                parser.skipChildren();
                return TABLE;
            default:
                throw new IllegalStateException("unexpected token " + token + " from the TOML parser");
        }
    }

    // --- to ConfigAdmin values -------------------------------------------------------------------

    /** @return the property value, or {@code null} after adding the problems that refuse it */
    private static Object value(String file, String key, Leaf leaf, KeyPositions positions,
            List<ConfigProblem> problems) {
        Object value = leaf.value();
        if (value instanceof List<?> array) {
            return array(file, key, leaf.path(), array, positions, problems);
        }
        Object number = number(value, positions.valueOffset(leaf.path()), positions);
        if (number instanceof Refusal refusal) {
            int[] at = positions.lineAndColumn(positions.valueOffset(leaf.path()));
            problems.add(new ConfigProblem(file, at[0], at[1], key, refusal.message()));
            return null;
        }
        if (number instanceof Double d && !Double.isFinite(d)) {
            problems.add(leaf.problem(file, key, nonFinite(d)));
            return null;
        }
        Object scalar = scalar(number);
        if (scalar == null) {
            problems.add(leaf.problem(file, key, "a " + typeName(value) + " has no ConfigAdmin form"));
        }
        return scalar;
    }

    /**
     * The parser hands out integers beyond 32 bits in hexadecimal, octal or binary, and integers
     * beyond 64 bits, as BigInteger, and every finite float as BigDecimal (which has no negative zero).
     *
     * @param offset where the value's text starts, to read the sign of a zero
     * @return the value as Long or Double, other values as they were, or why it is refused
     */
    private static Object number(Object value, int offset, KeyPositions positions) {
        if (value instanceof BigInteger big) {
            return big.bitLength() < Long.SIZE ? (Object) big.longValue()
                    : new Refusal("Integer is too large: TOML integers are 64-bit, from -9223372036854775808 to 9223372036854775807");
        }
        if (value instanceof Integer small) {
            return small.longValue();
        }
        if (value instanceof BigDecimal decimal) {
            double number = decimal.doubleValue();
            if (Double.isInfinite(number)) {
                return new Refusal("Float is too large: TOML floats are 64-bit (IEEE 754 binary64), at most about 1.8e308");
            }
            if (number == 0 && positions.startsWithMinus(offset)) {
                return -0.0d;
            }
            return number;
        }
        return value;
    }

    /** Why a number is refused. */
    private record Refusal(String message) {
    }

    private static Object array(String file, String key, List<String> path, List<?> array, KeyPositions positions,
            List<ConfigProblem> problems) {
        int size = array.size();
        if (size == 0) {
            return new String[0];
        }
        for (int i = 0; i < size; i++) {
            if (array.get(i) == TABLE) {
                problems.add(at(file, key, path, positions, i, "an array of tables has no ConfigAdmin form: ConfigAdmin"
                        + " arrays hold " + ARRAY_TYPES + ", not tables; give each entry its own table ([" + key
                        + ".first], [" + key + ".second]) or its own factory configuration (<pid>~<name>.toml)"));
                return null;
            }
        }
        for (int i = 0; i < size; i++) {
            if (array.get(i) instanceof List) {
                problems.add(at(file, key, path, positions, i, "nested arrays have no ConfigAdmin form: ConfigAdmin"
                        + " arrays hold " + ARRAY_TYPES + ", not arrays; use one flat array or one key per inner array"));
                return null;
            }
        }
        Object[] numbers = new Object[size];
        for (int i = 0; i < size; i++) {
            numbers[i] = number(array.get(i), positions.elementOffset(path, i), positions);
            if (numbers[i] instanceof Refusal refusal) {
                problems.add(at(file, key, path, positions, i, "element " + (i + 1) + " of the array: "
                        + refusal.message()));
                return null;
            }
        }
        Set<String> types = new LinkedHashSet<>();
        int firstOther = -1;
        for (int i = 0; i < size; i++) {
            types.add(typeName(numbers[i]));
            if (firstOther < 0 && types.size() > 1) {
                firstOther = i;
            }
        }
        if (types.size() > 1) {
            problems.add(at(file, key, path, positions, firstOther, "arrays must hold values of one type: found "
                    + and(types) + "; ConfigAdmin has no mixed arrays"));
            return null;
        }
        Object first = numbers[0];
        if (first instanceof Double) {
            boolean finite = true;
            for (int i = 0; i < size; i++) {
                double number = (Double) numbers[i];
                if (!Double.isFinite(number)) {
                    problems.add(at(file, key, path, positions, i, "element " + (i + 1) + " of the array: "
                            + nonFinite(number)));
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
            Object element = scalar(numbers[i]);
            if (element == null) {
                problems.add(at(file, key, path, positions, i, "a " + typeName(numbers[i]) + " has no ConfigAdmin form"));
                return null;
            }
            values[i] = element;
        }
        return values;
    }

    private static ConfigProblem at(String file, String key, List<String> path, KeyPositions positions, int index,
            String message) {
        int[] at = positions.ofElement(path, index);
        return new ConfigProblem(file, at[0], at[1], key, message);
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
        if (value instanceof BigInteger) {
            return "integer";
        }
        if (value instanceof BigDecimal) {
            return "float";
        }
        if (value instanceof List) {
            return "array";
        }
        if (value == TABLE) {
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
