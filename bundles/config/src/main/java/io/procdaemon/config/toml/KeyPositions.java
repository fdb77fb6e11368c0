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

    private final Map<List<String>, Integer> keys = new HashMap<>();
    private final Map<List<String>, Integer> values = new HashMap<>();
    private final Map<List<String>, List<Integer>> elements = new HashMap<>();
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

    void key(List<String> path, int offset) {
        keys.putIfAbsent(List.copyOf(path), offset);
    }

    void value(List<String> path, int offset) {
        values.putIfAbsent(List.copyOf(path), offset);
    }

    void element(List<String> path, int offset) {
        elements.computeIfAbsent(List.copyOf(path), p -> new ArrayList<>()).add(offset);
    }

    /** @return the key's {@code {line, column}}, or {@code {0, 0}} when the scanner did not see it */
    int[] ofKey(List<String> path) {
        return lineAndColumn(keys.get(path));
    }

    /** @return the offset of the key's value text, or -1 */
    int valueOffset(List<String> path) {
        return values.getOrDefault(path, -1);
    }

    /** @return the offset of an array element's text, or -1 (an array of tables has none) */
    int elementOffset(List<String> path, int index) {
        List<Integer> offsets = elements.get(path);
        return offsets == null || index >= offsets.size() ? -1 : offsets.get(index);
    }

    /** @return whether the text at an offset starts with a minus sign (the sign of a zero float) */
    boolean startsWithMinus(int offset) {
        return offset >= 0 && offset < text.length() && text.charAt(offset) == '-';
    }

    /** @return the {@code {line, column}} of an element, else of its key */
    int[] ofElement(List<String> path, int index) {
        int offset = elementOffset(path, index);
        return offset < 0 ? ofKey(path) : lineAndColumn(offset);
    }

    /** @return the {@code {line, column}} (1-based) of an offset, or {@code {0, 0}} for {@code null} or -1 */
    int[] lineAndColumn(Integer offset) {
        if (offset == null || offset < 0) {
            return new int[] {0, 0};
        }
        int line = Arrays.binarySearch(lineStarts, offset);
        if (line < 0) {
            line = -line - 2; // the insertion point's line before
        }
        return new int[] {line + 1, offset - lineStarts[line] + 1};
    }
}
