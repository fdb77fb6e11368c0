package io.procdaemon.config.toml;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Edits one key in the text of a TOML file and leaves every other character as it was: comments,
 * blank lines, order, indentation, quoting and the layout of other values. This is what lets
 * {@code config:set} write a change back into a file an operator wrote by hand.
 *
 * <ul>
 * <li>{@link #set}: an existing key's value text is replaced (a string keeps its literal or
 * multi-line quoting where the new value allows it, a multi-line array stays one element a line);
 * a new key goes after the last key of its table (written dotted like that key, e.g.
 * {@code pool.max} after {@code pool.size}), else at the end of the table's section, else, for a
 * top-level key, before the first {@code [table]}, else in a new {@code [table]} appended at the
 * end.</li>
 * <li>{@link #unset}: the lines of the key's {@code key = value} are removed (a multi-line value
 * with them); comments on the lines above stay.</li>
 * <li>Keys inside an inline table ({@code db = {port = 5432}}) are not edited: rewriting an inline
 * table is the operator's call, so both methods refuse them.</li>
 * <li>A property name is matched against each key's full dotted path ({@code [db] port} is
 * {@code db.port}, {@code "a.b" = 1} is {@code a.b}); a new key is split into tables at its dots.</li>
 * </ul>
 * The editor expects text that parses (it is the file in force); it does not validate what it
 * writes: callers translate the result as they would translate the file, and refuse it on a problem.
 */
public final class TomlEditor {

    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    /** A time with seconds, after a date or alone. */
    private static final Pattern WITH_SECONDS = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}[Tt ])?\\d{2}:\\d{2}:\\d{2}");
    private static final Pattern DATE_TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}([Tt ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?([Zz]|[+-]\\d{2}:\\d{2})?)?|\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?");

    private TomlEditor() {
    }

    /**
     * @param text the file's text
     * @param key the property name, e.g. {@code db.port}
     * @param value a {@link Long}, {@link Double}, {@link Boolean}, {@link String} or an array of one of them
     * @return the text with the key set to the value
     * @throws IllegalArgumentException when the key lies inside an inline table, or the text cannot be scanned
     */
    public static String set(String text, String key, Object value) {
        List<Entry> entries = scan(text);
        Optional<Entry> existing = find(entries, key);
        if (existing.isPresent()) {
            Entry entry = existing.get();
            String old = text.substring(entry.valueStart, entry.valueEnd);
            return text.substring(0, entry.valueStart) + literal(value, old) + text.substring(entry.valueEnd);
        }
        return insert(text, entries, key, literal(value, null));
    }

    /**
     * @return the text without the key's line(s), or empty when the file does not write the key
     * @throws IllegalArgumentException when the key lies inside an inline table, or the text cannot be scanned
     */
    public static Optional<String> unset(String text, String key) {
        return find(scan(text), key).map(entry -> text.substring(0, entry.lineStart) + text.substring(entry.lineEnd));
    }

    /** @return whether the text writes the key as {@code key = value} (outside inline tables) */
    public static boolean has(String text, String key) {
        return find(scan(text), key).isPresent();
    }

    /**
     * The TOML literal of a ConfigAdmin value: {@code 8080}, {@code 1.5}, {@code true},
     * {@code "text"} (escaped), {@code [1, 2]}. Integer, Short and Byte are written as integers,
     * Float as a float, Character as a string.
     *
     * @throws IllegalArgumentException for a value TOML cannot hold (a non-finite float, another type)
     */
    public static String literal(Object value) {
        return literal(value, null);
    }

    // --- values --------------------------------------------------------------------------------------

    /** @param old the value's text in the file, whose quoting or layout to keep, or {@code null} */
    private static String literal(Object value, String old) {
        if (value instanceof String || value instanceof Character) {
            return string(value.toString(), old);
        }
        if (value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return Long.toString(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (!Double.isFinite(number)) {
                throw new IllegalArgumentException("TOML floats are finite; got " + number);
            }
            return Double.toString(number);
        }
        if (value instanceof Object[] array) {
            return array(array, old);
        }
        throw new IllegalArgumentException("TOML has no form for " + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    private static String array(Object[] elements, String old) {
        List<String> written = new ArrayList<>();
        String oldElement = old == null ? null : firstElement(old);
        for (Object element : elements) {
            written.add(literal(element, oldElement));
        }
        if (old == null || old.indexOf('\n') < 0 || elements.length == 0) {
            return "[" + String.join(", ", written) + "]";
        }
        // one element a line, indented as the old first element and closing bracket were
        int open = old.indexOf('\n') + 1;
        String indent = old.substring(open, open + leadingBlanks(old, open));
        int lastLine = old.lastIndexOf('\n') + 1;
        String closing = old.substring(lastLine, lastLine + leadingBlanks(old, lastLine));
        StringBuilder text = new StringBuilder("[\n");
        for (String element : written) {
            text.append(indent).append(element).append(",\n");
        }
        return text.append(closing).append(']').toString();
    }

    /** @return the text of an old array's first element (to keep string quoting), or {@code null} */
    private static String firstElement(String array) {
        Scanner scanner = new Scanner(array);
        scanner.position = 1;
        scanner.skipBlanksAndComments(true);
        if (scanner.position >= array.length() || array.charAt(scanner.position) == ']') {
            return null;
        }
        int start = scanner.position;
        scanner.value(null);
        return array.substring(start, scanner.position);
    }

    private static int leadingBlanks(String text, int from) {
        int i = from;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i - from;
    }

    private static String string(String value, String old) {
        boolean controls = value.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n' || c == 0x7f);
        if (old != null && old.startsWith("'''") && !controls && !value.contains("'''")) {
            return "'''" + (value.indexOf('\n') >= 0 ? "\n" : "") + value + "'''";
        }
        if (old != null && old.startsWith("'") && !old.startsWith("'''") && !controls && value.indexOf('\'') < 0
                && value.indexOf('\n') < 0) {
            return "'" + value + "'";
        }
        if (old != null && old.startsWith("\"\"\"")) {
            return "\"\"\"" + (value.indexOf('\n') >= 0 ? "\n" : "") + escape(value, true) + "\"\"\"";
        }
        if (old != null && !old.startsWith("\"") && !old.startsWith("'") && DATE_TIME.matcher(value).matches()) {
            return value; // the file had a date or time literal: keep it one
        }
        return '"' + escape(value, false) + '"';
    }

    private static String escape(String value, boolean multiLine) {
        StringBuilder escaped = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append(multiLine ? "\n" : "\\n");
                case '\t' -> escaped.append("\\t");
                case '\r' -> escaped.append("\\r");
                case '\b' -> escaped.append("\\b");
                case '\f' -> escaped.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        escaped.append(String.format("\\u%04X", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    /** A key written as {@code key = value}, with its table, and the places of its text. */
    private record Entry(List<String> table, List<String> key, int lineStart, int valueStart, int valueEnd, int lineEnd,
            boolean inlineTable, int line) {

        List<String> path() {
            List<String> path = new ArrayList<>(table);
            path.addAll(key);
            return path;
        }
    }

    /** Where the scanner met what it does not understand, or what TOML 1.0 does not allow. */
    static final class Unexpected extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;
        /** The offset in the text. */
        final int offset;

        Unexpected(String message, int offset) {
            super(message);
            this.offset = offset;
        }
    }

    /** A {@code [table]} header line. */
    private record Header(List<String> path, int lineStart, int lineEnd) {
    }

    // --- finding and inserting keys --------------------------------------------------------------

    private static Optional<Entry> find(List<Entry> entries, String key) {
        Entry match = null;
        for (Entry entry : entries) {
            String path = String.join(".", entry.path());
            if (path.equals(key) || match == null && path.equalsIgnoreCase(key)) {
                match = entry;
            }
            if (entry.inlineTable() && key.startsWith(path + ".")) {
                throw new IllegalArgumentException("key '" + key + "' is inside the inline table '" + path + "' (line "
                        + entry.line() + "); inline tables are not rewritten: edit the file instead");
            }
        }
        return Optional.ofNullable(match);
    }

    private static String insert(String text, List<Entry> entries, String key, String literal) {
        List<String> path = List.of(key.split("\\.", -1));
        List<String> parent = path.subList(0, path.size() - 1);
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        Entry sibling = null;
        Entry lastInTable = null;
        for (Entry entry : entries) {
            List<String> entryPath = entry.path();
            if (entryPath.subList(0, entryPath.size() - 1).equals(parent)) {
                sibling = entry;
            }
            if (entry.table().equals(parent)) {
                lastInTable = entry;
            }
        }
        if (sibling != null) {
            // after the last key of the same table, written with as many dotted parts as it is
            List<String> written = path.subList(path.size() - sibling.key().size(), path.size());
            String indent = text.substring(sibling.lineStart(), sibling.lineStart() + leadingBlanks(text, sibling.lineStart()));
            return insertLine(text, sibling.lineEnd(), indent + keyText(written) + " = " + literal, newline);
        }
        List<Header> headers = headers(text);
        for (Header header : headers) {
            if (header.path().equals(parent)) {
                int at = lastInTable != null ? lastInTable.lineEnd() : header.lineEnd();
                return insertLine(text, at, keyText(path.subList(parent.size(), path.size())) + " = " + literal, newline);
            }
        }
        if (parent.isEmpty() && lastInTable != null) {
            return insertLine(text, lastInTable.lineEnd(), keyText(path) + " = " + literal, newline);
        }
        if (parent.isEmpty() && !headers.isEmpty()) {
            int at = attachedComments(text, headers.get(0).lineStart());
            return text.substring(0, at) + keyText(path) + " = " + literal + newline + newline + text.substring(at);
        }
        StringBuilder appended = new StringBuilder(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            appended.append(newline);
        }
        if (!parent.isEmpty()) {
            if (!text.isBlank() && !text.endsWith("\n\n") && !text.endsWith("\r\n\r\n")) {
                appended.append(newline);
            }
            appended.append('[').append(keyText(parent)).append(']').append(newline);
        }
        return appended.append(keyText(path.subList(parent.size(), path.size()))).append(" = ").append(literal)
                .append(newline).toString();
    }

    /** Inserts a line at a line start (or at the end of a text whose last line has no newline). */
    private static String insertLine(String text, int at, String line, String newline) {
        if (at == text.length() && !text.isEmpty() && !text.endsWith("\n")) {
            return text + newline + line;
        }
        return text.substring(0, at) + line + newline + text.substring(at);
    }

    /** @return where the comment lines right above a line start (no blank line between), or the line itself */
    private static int attachedComments(String text, int lineStart) {
        int at = lineStart;
        while (at > 0) {
            int previous = text.lastIndexOf('\n', at - 2) + 1;
            if (!text.substring(previous, at).strip().startsWith("#")) {
                break;
            }
            at = previous;
        }
        return at;
    }

    /** @return a key path as TOML writes it: {@code a."b c".d} */
    static String keyText(List<String> path) {
        List<String> parts = new ArrayList<>();
        for (String part : path) {
            parts.add(BARE_KEY.matcher(part).matches() ? part : '"' + escape(part, false) + '"');
        }
        return String.join(".", parts);
    }

    private static List<Entry> scan(String text) {
        try {
            return new Scanner(text).entries(new ArrayList<>());
        } catch (Unexpected e) {
            throw cannotEdit(text, e);
        }
    }

    private static List<Header> headers(String text) {
        List<Header> headers = new ArrayList<>();
        try {
            new Scanner(text).entries(headers);
        } catch (Unexpected e) {
            throw cannotEdit(text, e);
        }
        return headers;
    }

    private static IllegalArgumentException cannotEdit(String text, Unexpected e) {
        int line = new KeyPositions(text).lineAndColumn(e.offset)[0];
        return new IllegalArgumentException("cannot edit the file: " + e.getMessage() + " at line " + line, e);
    }

    /**
     * Where each key, value and array element of a text is written, for {@link TomlTranslator}: its
     * parser reports no key positions. The text must parse (the scanner does not validate).
     *
     * @throws Unexpected when the text cannot be scanned
     */
    static KeyPositions positions(String text) {
        KeyPositions positions = new KeyPositions(text);
        Scanner scanner = new Scanner(text);
        scanner.positions = positions;
        scanner.entries(new ArrayList<>());
        return positions;
    }

    /**
     * Finds the statements of a TOML text: just enough of TOML's grammar to know where each
     * key, value and header starts and ends (strings of the four kinds, arrays over several lines
     * with comments, inline tables, dates with a space).
     */
    private static final class Scanner {

        private final String text;
        private int position;
        private int line = 1;
        /** Where to record each key's, value's and array element's offset, or {@code null}. */
        private KeyPositions positions;

        Scanner(String text) {
            this.text = text;
            // a UTF-8 byte order mark is no part of the first line's content
            this.position = text.startsWith("\uFEFF") ? 1 : 0;
        }

        List<Entry> entries(List<Header> headers) {
            List<Entry> entries = new ArrayList<>();
            List<String> table = List.of();
            while (position < text.length()) {
                int lineStart = position;
                int lineNumber = line;
                skipBlanks();
                if (atEnd() || peek() == '\n' || peek() == '#' || peek() == '\r') {
                    skipToNextLine();
                    continue;
                }
                if (peek() == '[') {
                    int headerStart = position;
                    boolean arrayOfTables = text.startsWith("[[", position);
                    position += arrayOfTables ? 2 : 1;
                    skipBlanks();
                    table = List.copyOf(key());
                    skipBlanks();
                    expect(arrayOfTables ? "]]" : "]");
                    skipToNextLine();
                    headers.add(new Header(table, lineStart, position));
                    if (positions != null) {
                        positions.key(table, headerStart); // an array of tables is located at its first header
                    }
                    continue;
                }
                int keyStart = position;
                List<String> key = key();
                skipBlanks();
                expect("=");
                skipBlanks();
                int valueStart = position;
                boolean inline = !atEnd() && peek() == '{';
                value(recordKey(positions == null ? null : table, key, keyStart));
                int valueEnd = position;
                skipToNextLine();
                entries.add(new Entry(table, key, lineStart, valueStart, valueEnd, position, inline, lineNumber));
            }
            return entries;
        }

        private List<String> key() {
            List<String> parts = new ArrayList<>();
            while (true) {
                skipBlanks();
                if (atEnd()) {
                    throw unexpected("a key");
                }
                char c = peek();
                if (c == '"' || c == '\'') {
                    int start = position;
                    string();
                    String quoted = text.substring(start + 1, position - 1);
                    parts.add(c == '"' ? unescape(quoted) : quoted);
                } else {
                    int start = position;
                    while (!atEnd() && isBareKeyCharacter(peek())) {
                        position++;
                    }
                    if (start == position) {
                        throw unexpected("a key");
                    }
                    parts.add(text.substring(start, position));
                }
                skipBlanks();
                if (atEnd() || peek() != '.') {
                    return parts;
                }
                position++;
            }
        }

        /**
         * @param parent the key's table (or inline table), or {@code null} when not recording
         * @return where the key is written, its offset recorded; {@code null} when not recording
         */
        private KeyPositions.Where recordKey(List<String> parent, List<String> key, int keyStart) {
            if (parent == null) {
                return null;
            }
            List<String> path = new ArrayList<>(parent);
            path.addAll(key);
            return positions.key(path, keyStart);
        }

        /** @param where the value's key, to record its positions in, or {@code null} */
        void value(KeyPositions.Where where) {
            if (atEnd()) {
                throw unexpected("a value");
            }
            // a path written twice (in two [[tables]], refused) keeps its first value's positions
            boolean recording = where != null && where.value(position);
            char c = peek();
            if (c == '"' || c == '\'') {
                string();
            } else if (c == '[') {
                position++;
                while (true) {
                    skipBlanksAndComments(true);
                    if (atEnd()) {
                        throw unexpected("']'");
                    }
                    if (peek() == ']') {
                        position++;
                        return;
                    }
                    if (recording) {
                        where.element(position);
                    }
                    value(null);
                    skipBlanksAndComments(true);
                    if (!atEnd() && peek() == ',') {
                        position++;
                    }
                }
            } else if (c == '{') {
                position++;
                boolean afterComma = false;
                while (true) {
                    skipBlanks();
                    if (atEnd()) {
                        throw unexpected("'}'");
                    }
                    // TOML 1.1 allows both; the parser reads 1.1, the daemon 1.0 (docs/configuration.md)
                    if (peek() == '\n' || peek() == '\r' || peek() == '#') {
                        throw new Unexpected("newlines are not allowed in an inline table (TOML 1.0: one line)", position);
                    }
                    if (peek() == '}') {
                        if (afterComma) {
                            throw new Unexpected("a trailing comma is not allowed in an inline table (TOML 1.0)",
                                    position);
                        }
                        position++;
                        return;
                    }
                    int keyStart = position;
                    List<String> key = key();
                    skipBlanks();
                    expect("=");
                    skipBlanks();
                    value(recordKey(where == null ? null : where.path(), key, keyStart));
                    skipBlanks();
                    afterComma = !atEnd() && peek() == ',';
                    if (afterComma) {
                        position++;
                    }
                }
            } else {
                int start = position;
                while (!atEnd() && " \t\r\n,]}#".indexOf(peek()) < 0) {
                    position++;
                }
                // a local date-time may separate date and time with a space: 1979-05-27 07:32:00
                if (position + 3 < text.length() && peek() == ' ' && text.substring(start, position).matches("\\d{4}-\\d{2}-\\d{2}")
                        && Character.isDigit(text.charAt(position + 1)) && Character.isDigit(text.charAt(position + 2))
                        && text.charAt(position + 3) == ':') {
                    position++;
                    while (!atEnd() && " \t\r\n,]}#".indexOf(peek()) < 0) {
                        position++;
                    }
                }
                if (start == position) {
                    throw unexpected("a value");
                }
                // only dates and times have a colon outside strings; TOML 1.1 lets a time end at minutes
                String bare = text.substring(start, position);
                if (bare.indexOf(':') >= 0 && !WITH_SECONDS.matcher(bare).lookingAt()) {
                    throw new Unexpected("seconds are required in a time (TOML 1.0: HH:MM:SS)", start);
                }
            }
        }

        /** A string of any of the four kinds, from its opening quote to after its closing one. */
        private void string() {
            char quote = peek();
            String triple = String.valueOf(quote).repeat(3);
            boolean multiLine = text.startsWith(triple, position);
            position += multiLine ? 3 : 1;
            while (true) {
                if (atEnd() || !multiLine && peek() == '\n') {
                    throw unexpected("the closing " + (multiLine ? triple : String.valueOf(quote)));
                }
                char c = peek();
                if (c == '\\' && quote == '"') {
                    // \x and \e are TOML 1.1's; the parser reads 1.1, the daemon 1.0
                    char escaped = position + 1 < text.length() ? text.charAt(position + 1) : ' ';
                    if ("btnfr\"\\uU".indexOf(escaped) < 0 && !(multiLine && " \t\r\n".indexOf(escaped) >= 0)) {
                        throw new Unexpected("\\" + escaped + " is no escape of TOML 1.0 (\\b \\t \\n \\f \\r \\\" \\\\"
                                + " \\uXXXX \\UXXXXXXXX)", position);
                    }
                    position += 2;
                    continue;
                }
                if (multiLine && text.startsWith(triple, position)) {
                    position += 3;
                    // up to two quotes right before the closing ones belong to the content
                    for (int extra = 0; extra < 2 && !atEnd() && peek() == quote; extra++) {
                        position++;
                    }
                    return;
                }
                if (!multiLine && c == quote) {
                    position++;
                    return;
                }
                if (c == '\n') {
                    line++;
                }
                position++;
            }
        }

        /** As {@link #BARE_KEY}, one character: A-Z, a-z, 0-9, '_' and '-'. */
        private static boolean isBareKeyCharacter(char c) {
            return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
        }

                void skipBlanksAndComments(boolean newlines) {
            while (!atEnd()) {
                char c = peek();
                if (c == ' ' || c == '\t' || c == '\r' || newlines && c == '\n') {
                    if (c == '\n') {
                        line++;
                    }
                    position++;
                } else if (c == '#') {
                    while (!atEnd() && peek() != '\n') {
                        position++;
                    }
                } else {
                    return;
                }
            }
        }

        private void skipBlanks() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                position++;
            }
        }

        /** Past the rest of the line (blanks, a comment) and its newline. */
        private void skipToNextLine() {
            while (!atEnd() && peek() != '\n') {
                position++;
            }
            if (!atEnd()) {
                position++;
                line++;
            }
        }

        private void expect(String expected) {
            if (!text.startsWith(expected, position)) {
                throw unexpected("'" + expected + "'");
            }
            position += expected.length();
        }

        private boolean atEnd() {
            return position >= text.length();
        }

        private char peek() {
            return text.charAt(position);
        }

        private Unexpected unexpected(String expected) {
            return new Unexpected("expected " + expected, position);
        }

        private static String unescape(String quoted) {
            if (quoted.indexOf('\\') < 0) {
                return quoted;
            }
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < quoted.length(); i++) {
                char c = quoted.charAt(i);
                if (c != '\\' || i + 1 == quoted.length()) {
                    text.append(c);
                    continue;
                }
                char next = quoted.charAt(++i);
                switch (next) {
                    case 'n' -> text.append('\n');
                    case 't' -> text.append('\t');
                    case 'r' -> text.append('\r');
                    case 'b' -> text.append('\b');
                    case 'f' -> text.append('\f');
                    case 'u', 'U' -> {
                        int length = next == 'u' ? 4 : 8;
                        text.appendCodePoint(Integer.parseInt(quoted.substring(i + 1, i + 1 + length), 16));
                        i += length;
                    }
                    default -> text.append(next);
                }
            }
            return text.toString();
        }
    }
}
