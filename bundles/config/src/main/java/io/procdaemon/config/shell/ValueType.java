package io.procdaemon.config.shell;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.procdaemon.config.toml.TomlTranslator;
import io.procdaemon.config.toml.Translation;

/**
 * The value types {@code config:set} writes: those a TOML file translates to (see
 * {@link TomlTranslator}), named as the {@code --type} option takes them. Text is read the way a
 * file's value is, by the same translator ({@code 5_000}, {@code 0x1F}, {@code 1e3} are numbers),
 * except that a string is taken as it is, without quotes.
 */
enum ValueType {
    STRING("string", "a string"),
    LONG("long", "a whole number"),
    DOUBLE("double", "a number"),
    BOOLEAN("boolean", "true or false"),
    STRING_ARRAY("string[]", "strings, comma-separated or as a TOML array"),
    LONG_ARRAY("long[]", "whole numbers, comma-separated or as a TOML array"),
    DOUBLE_ARRAY("double[]", "numbers, comma-separated or as a TOML array"),
    BOOLEAN_ARRAY("boolean[]", "true or false values, comma-separated or as a TOML array");

    private final String name;
    private final String expected;

    ValueType(String name, String expected) {
        this.name = name;
        this.expected = expected;
    }

    /** @return the name {@code --type} takes, e.g. {@code long[]} */
    String typeName() {
        return name;
    }

    /**
     * @throws IllegalArgumentException naming the input and the valid names
     */
    static ValueType named(String name) {
        for (ValueType type : values()) {
            if (type.name.equals(name.strip().toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        List<String> names = new ArrayList<>();
        Arrays.stream(values()).forEach(type -> names.add(type.name));
        throw new IllegalArgumentException("unknown type '" + name + "'; valid: " + String.join(", ", names));
    }

    /** @return the type of a ConfigAdmin value (Integer as long, Float as double, Character as string...), if it has one */
    static Optional<ValueType> of(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Collection<?> || value.getClass().isArray()) {
            Class<?> element = value.getClass().isArray() ? value.getClass().getComponentType() : Object.class;
            if (value instanceof Collection<?> collection && !collection.isEmpty()) {
                element = collection.iterator().next().getClass();
            }
            return scalar(element).map(ValueType::array);
        }
        return scalar(value.getClass());
    }

    private static Optional<ValueType> scalar(Class<?> type) {
        if (type == Long.class || type == Integer.class || type == Short.class || type == Byte.class || type == long.class
                || type == int.class || type == short.class || type == byte.class) {
            return Optional.of(LONG);
        }
        if (type == Double.class || type == Float.class || type == double.class || type == float.class) {
            return Optional.of(DOUBLE);
        }
        if (type == Boolean.class || type == boolean.class) {
            return Optional.of(BOOLEAN);
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return Optional.of(STRING);
        }
        return Optional.empty();
    }

    private ValueType array() {
        return values()[ordinal() + 4];
    }

    private ValueType element() {
        return ordinal() >= 4 ? values()[ordinal() - 4] : this;
    }

    boolean isArray() {
        return ordinal() >= 4;
    }

    /**
     * A value for a new key without {@code --type}: the text as a TOML value if it is one
     * ({@code 8080} a Long, {@code true} a Boolean, {@code 1.5} a Double, {@code [1, 2]} a Long[],
     * {@code "x"} the string x), else the text as a String.
     */
    static Object guess(String text) {
        Object value = toml(text);
        return value != null ? value : text;
    }

    /**
     * @param key the key, named in the error
     * @param input the text, or the elements of a list (Gogo's {@code [a b]})
     * @return a Long, Double, Boolean, String, or an array of one of them
     * @throws IllegalArgumentException naming the key, this type and the input
     */
    Object parse(String key, Object input) {
        if (!isArray()) {
            return scalar(key, input.toString(), input.toString());
        }
        List<String> elements = new ArrayList<>();
        String text = input.toString().strip();
        if (input instanceof List<?> list) {
            list.forEach(element -> elements.add(String.valueOf(element)));
        } else if (text.startsWith("[")) {
            Object array = toml(text);
            if (array == null || !array.getClass().isArray()) {
                throw mismatch(key, input.toString(), "not a TOML array");
            }
            for (int i = 0; i < Array.getLength(array); i++) {
                Object element = Array.get(array, i);
                if (element() == STRING && !(element instanceof String)) {
                    throw mismatch(key, input.toString(), "element " + (i + 1) + " is not a string");
                }
                elements.add(element instanceof String s && element() != STRING ? "\"" + s + "\"" : element.toString());
            }
        } else if (!text.isEmpty()) {
            Arrays.stream(text.split(",", -1)).forEach(element -> elements.add(element.strip()));
        }
        Object[] values = switch (element()) {
            case LONG -> new Long[elements.size()];
            case DOUBLE -> new Double[elements.size()];
            case BOOLEAN -> new Boolean[elements.size()];
            default -> new String[elements.size()];
        };
        for (int i = 0; i < values.length; i++) {
            try {
                values[i] = element().scalar(key, elements.get(i), input.toString());
            } catch (IllegalArgumentException e) {
                throw mismatch(key, input.toString(), "element " + (i + 1) + " is not " + element().expected);
            }
        }
        return values;
    }

    private Object scalar(String key, String text, String input) {
        switch (this) {
            case LONG -> {
                if (toml(text.strip()) instanceof Long number) {
                    return number;
                }
            }
            case DOUBLE -> {
                Object number = toml(text.strip());
                if (number instanceof Double || number instanceof Long) {
                    return ((Number) number).doubleValue();
                }
            }
            case BOOLEAN -> {
                if (text.strip().equals("true") || text.strip().equals("false")) {
                    return Boolean.valueOf(text.strip());
                }
            }
            default -> {
                return text;
            }
        }
        throw mismatch(key, input, null);
    }

    /** The input of a secret key is never quoted back: the message says what was expected, not what came. */
    private IllegalArgumentException mismatch(String key, String input, String detail) {
        String got = SecretKeys.isSecret(key) ? SecretKeys.MASK + " (a secret: not shown)" : "'" + input + "'";
        return new IllegalArgumentException("cannot set '" + key + "': expected " + name + " (" + expected + "), got " + got
                + (detail == null ? "" : " (" + detail + ")") + "; --type sets another type");
    }

    /** @return the text read as the value of a TOML key, as a file's would be; {@code null} if it is not one value */
    private static Object toml(String text) {
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return null;
        }
        Translation translation = TomlTranslator.translate("input", "v = " + text);
        return translation.ok() && translation.properties().size() == 1 ? translation.properties().get("v") : null;
    }
}
