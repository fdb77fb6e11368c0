package io.procdaemon.config.toml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the keys, values and array elements of a TOML text are written, by full key path, as
 * {@link TomlEditor}'s scanner finds them. The TOML parser builds a tree and reports no positions
 * for keys, but every refusal names the key's line and column: this is where they come from.
 * The first place a path is written wins (an array of tables is located at its first header).
 */
final class KeyPositions {

    // A tree of segments rather than one map keyed by the List: List.hashCode (31 * h(table) + h(key))
    // collides in bulk on regular names (table_12.port_5, table_13.port_4 ...), which made 1 MiB of
    // keys take seconds; a key joined into one string cost most of the translation in allocation.
    private final Node root = new Node();
    /** The offset at which each line starts; line 1 starts after a byte order mark. */
    private final int[] lineStarts;
    private final String text;

    KeyPositions(String text) {
        this.text = text;
        List<Integer> starts = new ArrayList<>();
        starts.add(text.startsWith("\uFEFF") ? 1 : 0);
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            starts.add(i + 1);
        }
        lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** One segment of the paths: its children by name, and the path that ends here, if written. */
    private static final class Node {

        private Map<String, Node> children;
        private Where where;

        Node child(String segment) {
            if (children == null) {
                children = new HashMap<>();
            }
            return children.computeIfAbsent(segment, s -> new Node());
        }
    }

    /** The offsets of one key path: the key, its value, its array's elements; -1 when not seen. */
    static final class Where {

        private final List<String> path;
        private int key = -1;
        private int value = -1;
        private int[] elements = new int[0];
        private int elementCount;

        Where(List<String> path) {
            this.path = path;
        }

        List<String> path() {
            return path;
        }

        /** @return whether this is the path's first value, whose offset and elements are recorded */
        boolean value(int offset) {
            if (value >= 0) {
                return false;
            }
            value = offset;
            return true;
        }

        void element(int offset) {
            if (elementCount == elements.length) {
                elements = Arrays.copyOf(elements, Math.max(4, elementCount * 2));
            }
            elements[elementCount++] = offset;
        }
    }

    /** Records a key's offset, unless the path was seen before. */
    Where key(List<String> path, int offset) {
        Node node = root;
        for (String segment : path) {
            node = node.child(segment);
        }
        if (node.where == null) {
            node.where = new Where(path);
        }
        Where where = node.where;
        if (where.key < 0) {
            where.key = offset;
        }
        return where;
    }

    /** The translator asks several questions of one leaf's path in a row: it is looked up once. */
    private List<String> lastPath;
    private Where lastWhere;

    private Where where(List<String> path) {
        if (path != lastPath) {
            lastWhere = lookUp(path);
            lastPath = path;
        }
        return lastWhere;
    }

    private Where lookUp(List<String> path) {
        Node node = root;
        for (String segment : path) {
            node = node.children == null ? null : node.children.get(segment);
            if (node == null) {
                return null;
            }
        }
        return node.where;
    }

    /** @return the key's {@code {line, column}}, or {@code {0, 0}} when the scanner did not see it */
    int[] ofKey(List<String> path) {
        Where where = where(path);
        return lineAndColumn(where == null ? -1 : where.key);
    }

    /** @return the offset of the key's value text, or -1 */
    int valueOffset(List<String> path) {
        Where where = where(path);
        return where == null ? -1 : where.value;
    }

    /** @return the offset of an array element's text, or -1 (an array of tables has none) */
    int elementOffset(List<String> path, int index) {
        Where where = where(path);
        return where == null || index >= where.elementCount ? -1 : where.elements[index];
    }

    /** @return the {@code {line, column}} of an element, else of its key */
    int[] ofElement(List<String> path, int index) {
        int offset = elementOffset(path, index);
        return offset < 0 ? ofKey(path) : lineAndColumn(offset);
    }

    /** @return whether the text at an offset starts with a minus sign (the sign of a zero float) */
    boolean startsWithMinus(int offset) {
        return offset >= 0 && offset < text.length() && text.charAt(offset) == '-';
    }

    /** @return the {@code {line, column}} (1-based) of an offset, or {@code {0, 0}} for -1 */
    int[] lineAndColumn(int offset) {
        if (offset < 0) {
            return new int[] {0, 0};
        }
        int line = Arrays.binarySearch(lineStarts, offset);
        if (line < 0) {
            line = -line - 2; // the insertion point's line before
        }
        return new int[] {line + 1, offset - lineStarts[line] + 1};
    }
}
