package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fenced block of a Markdown page and what the HTML comment before it says it is, so the page
 * cannot rot: {@code <!-- compiled: PATH -->} (a file of the template's project: the generated one
 * when it exists, else added to it and compiled with it), {@code <!-- file: PATH -->} (a generated
 * file, compared) and {@code <!-- log: ... -->} (lines the daemon's log must hold, numbers and
 * paths aside). Every {@code java} and {@code xml} block must say which file it is.
 *
 * @param kind {@code compiled}, {@code file} or {@code log}
 * @param path the project's file, for {@code compiled} and {@code file}
 * @param text the block's lines, with a final newline
 * @param line where the block starts on the page (1-based), for messages
 */
record DocBlock(String kind, String path, String text, String page, int line) {

    private static final Pattern MARKER = Pattern.compile("<!-- (compiled|file|log):\\s*(\\S*).*-->");

    static List<DocBlock> parse(Path page) throws IOException {
        List<String> lines = Files.readAllLines(page);
        List<DocBlock> blocks = new ArrayList<>();
        String name = page.getFileName().toString();
        for (int i = 0; i < lines.size(); i++) {
            String fence = lines.get(i);
            if (!fence.startsWith("```")) {
                continue;
            }
            int start = i;
            StringBuilder text = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                text.append(lines.get(i)).append('\n');
            }
            Matcher marker = start > 0 ? MARKER.matcher(lines.get(start - 1)) : MARKER.matcher("");
            if (marker.matches()) {
                blocks.add(new DocBlock(marker.group(1), marker.group(2), text.toString(), name, start + 1));
            } else if (fence.equals("```java") || fence.equals("```xml")) {
                fail(name + ":" + (start + 1) + ": a " + fence.substring(3) + " block without '<!-- compiled: PATH -->'"
                        + " on the line before it: every code block of the page is compiled");
            }
        }
        return blocks;
    }

    /** Compares the block with the generated file, or adds it to the project. */
    void applyTo(Path project) throws IOException {
        if (kind.equals("log")) {
            return;
        }
        Path file = project.resolve(path);
        if (Files.exists(file)) {
            assertEquals(page + ":" + line + " shows " + path + " otherwise than the template makes it",
                    Files.readString(file).stripTrailing() + "\n", text);
        } else {
            assertEquals(page + ":" + line + ": " + path + " is not a file the template makes", "compiled", kind);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        }
    }

    /** @return a regular expression for {@code text} with any number where it has digits */
    private static String anyNumbers(String text) {
        StringBuilder regex = new StringBuilder();
        for (String part : text.split("((?<=\\d)(?=\\D)|(?<=\\D)(?=\\d))")) {
            if (!part.isEmpty()) {
                regex.append(part.chars().allMatch(Character::isDigit) ? "\\d+" : Pattern.quote(part));
            }
        }
        return regex.toString();
    }

    /** Fails unless each line of a log block is in {@code log}, whatever its numbers and file paths. */
    void assertInLog(String log) {
        if (!kind.equals("log")) {
            return;
        }
        for (String expected : text.split("\n")) {
            // The page's home is /opt/proc-daemon; the test's is a temporary folder.
            List<String> pieces = new ArrayList<>();
            for (String piece : expected.split(Pattern.quote("/opt/proc-daemon/"), -1)) {
                pieces.add(anyNumbers(piece));
            }
            String pattern = String.join("\\S*/", pieces);
            assertTrue(page + ":" + line + ": the daemon's log has no line like '" + expected + "':\n" + log,
                    Pattern.compile(pattern).matcher(log).find());
        }
    }
}
