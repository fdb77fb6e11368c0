package io.procdaemon.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The TOML texts the TOML benchmarks translate. */
final class TomlFiles {

    private TomlFiles() {
    }

    /** @return comment lines, at most {@code bytes} bytes (ASCII) */
    static String comments(long bytes) {
        String line = "# a comment line as an operator writes them, explaining the key below it\n";
        return line.repeat((int) (bytes / line.length()));
    }

    /** @return tables of 100 keys each (integers, floats, booleans, strings, dates, arrays), at most {@code bytes} bytes */
    static String keys(long bytes) {
        StringBuilder text = new StringBuilder();
        for (int table = 0; ; table++) {
            StringBuilder section = new StringBuilder("[table_" + table + "]\n");
            for (int key = 0; key < 100; key += 5) {
                section.append("port_").append(key).append(" = ").append(1000 + key).append('\n');
                section.append("ratio_").append(key + 1).append(" = ").append(key + 0.5).append('\n');
                section.append("enabled_").append(key + 2).append(" = true\n");
                section.append("name_").append(key + 3).append(" = \"service ").append(table).append('-').append(key).append("\"\n");
                section.append("hosts_").append(key + 4).append(" = [\"a.example\", \"b.example\"]\n");
            }
            if (text.length() + section.length() > bytes) {
                return text.toString();
            }
            text.append(section);
        }
    }

    /** @return the shipped etc/daemon.toml, copied into the benchmark jar at build time */
    static String shippedDaemonToml() {
        try (InputStream in = TomlFiles.class.getResourceAsStream("/toml/daemon.toml")) {
            if (in == null) {
                throw new IllegalStateException("no /toml/daemon.toml in the benchmark jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
