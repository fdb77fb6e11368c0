package io.procdaemon.runtime.logging;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A log file rotated by size, named as Karaf names them: {@code proc-daemon.log} is written,
 * {@code proc-daemon.log.1} is the one before it, up to {@code proc-daemon.log.<maxFiles - 1>};
 * at most {@code maxFiles} files exist, the oldest deleted when a rotation would make one more.
 * A line is never split across two files: the file is rotated before a line that would take it
 * past {@code maxFileSize} (a single line larger than the limit goes alone into a fresh file).
 *
 * <p>Not the JDK's {@code FileHandler}: it numbers the file being written too ({@code .0}), keeps
 * a {@code .lck} file beside it, and counts a rotation's size without the line that crosses it.
 * Appends to an existing file (a restart continues it). Each line is one write; the caller
 * serialises calls.
 */
final class RotatingFile implements Closeable {

    private final Path path;
    private long maxFileSize;
    private int maxFiles;
    private OutputStream out;
    private long size;

    /**
     * @param path the file written
     * @param maxFileSize bytes after which it is rotated; 0: never
     * @param maxFiles how many files to keep, the one written included (1: the file is emptied instead)
     * @throws IOException when the file (or its folder) cannot be created or opened
     */
    RotatingFile(Path path, long maxFileSize, int maxFiles) throws IOException {
        this.path = path;
        limits(maxFileSize, maxFiles);
        Path folder = path.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        open();
    }

    Path path() {
        return path;
    }

    /** Changes the limits; they apply from the next line. */
    void limits(long maxFileSize, int maxFiles) {
        this.maxFileSize = maxFileSize;
        this.maxFiles = Math.max(1, maxFiles);
    }

    void write(byte[] line) throws IOException {
        if (maxFileSize > 0 && size > 0 && size + line.length > maxFileSize) {
            rotate();
        }
        out.write(line);
        size += line.length;
    }

    private void open() throws IOException {
        out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        size = Files.size(path);
    }

    private void rotate() throws IOException {
        out.close();
        // Files past the limit go first: the limit may have been lowered since the last rotation.
        for (int i = Math.max(1, maxFiles - 1); Files.exists(numbered(i)) || Files.exists(numbered(i + 1)); i++) {
            Files.deleteIfExists(numbered(i));
        }
        for (int i = maxFiles - 2; i >= 1; i--) {
            if (Files.exists(numbered(i))) {
                Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (maxFiles > 1) {
            Files.move(path, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.deleteIfExists(path);
        }
        open();
    }

    /** @return {@code <path>.<n>}; {@code n} of 0 is the file itself */
    Path numbered(int n) {
        return n == 0 ? path : path.resolveSibling(path.getFileName() + "." + n);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
