package io.procdaemon.core.diagnostics;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where the daemon's diagnostic files go and what they are called: one folder (the home's
 * {@code data/}), names that start with their kind and the UTC time they were written, so that
 * {@code ls} lists each kind in time order, e.g.
 * {@code data/flight-2026-12-01T103205Z-subsystem-failed-flaky.jfr},
 * {@code data/profile-2026-12-01T103912Z.jfr}, {@code data/heap-2026-12-01T104001Z-rss.hprof}.
 *
 * <p>Rules: no colons (they are awkward in file names on some systems and in {@code scp}); the time
 * to the second, and {@code -2}, {@code -3}... after it when a file of that kind was already
 * written in the same second, so nothing is overwritten; the detail (a subsystem's name, a
 * resource) keeps letters, digits, dots, dashes and underscores and replaces anything else with
 * {@code _}, at most 64 characters. Paths are reported absolute.
 */
public final class DumpFiles {

    /** Sortable, no colons: {@code 2026-12-01T103205Z}. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int MAX_DETAIL = 64;

    private final Path folder;

    /** @param folder where the files go (created when the first one is written) */
    public DumpFiles(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    /**
     * @param home the daemon's home (framework property {@code proc-daemon.home}), or {@code null}
     *        when embedded without one: then {@code data/} of the working directory
     * @return the files of the home's {@code data/}
     */
    public static DumpFiles inData(String home) {
        return new DumpFiles(home == null ? Path.of("data") : Path.of(home, "data"));
    }

    /** @return the folder, absolute */
    public Path folder() {
        return folder;
    }

    /**
     * A name for a new file; the folder is created if it is missing.
     *
     * @param kind what the file holds: {@code flight}, {@code profile}, {@code heap}
     * @param at when it is written (the clock's now)
     * @param detail what caused it, may be empty
     * @param extension with its dot: {@code .jfr}, {@code .hprof}
     * @return a path in the folder that does not exist yet
     * @throws IOException when the folder cannot be created (the message names it)
     */
    public Path next(String kind, Instant at, String detail, String extension) throws IOException {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new IOException("cannot create the folder " + folder + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", e);
        }
        String stem = name(kind, at, detail, "");
        Path candidate = folder.resolve(stem + extension);
        for (int n = 2; Files.exists(candidate); n++) {
            candidate = folder.resolve(name(kind, at, detail, "-" + n) + extension);
        }
        return candidate;
    }

    /** The file name without extension: kind, time, the same-second number, then the detail. */
    static String name(String kind, Instant at, String detail, String sameSecond) {
        String clean = detail.replaceAll("[^A-Za-z0-9._-]", "_");
        if (clean.length() > MAX_DETAIL) {
            clean = clean.substring(0, MAX_DETAIL);
        }
        return kind + "-" + TIME.format(at.truncatedTo(ChronoUnit.SECONDS)) + sameSecond + (clean.isEmpty() ? "" : "-" + clean);
    }

    /**
     * Deletes the oldest files of one kind beyond {@code keep}. Oldest is first by name, which is
     * by time; files of other kinds, and anything not named as this class names files, are left
     * alone.
     *
     * @param kind the kind, as given to {@link #next}
     * @param extension with its dot
     * @param keep how many to keep, 1 or more
     * @return the files deleted, oldest first
     * @throws IOException when the folder cannot be listed or a file not deleted
     */
    public List<Path> prune(String kind, String extension, int keep) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        String pattern = kind + "-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z*" + extension;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, pattern)) {
            stream.forEach(files::add);
        }
        // By the time in the name; files of the same second (-2, -3...) by when they were written.
        files.sort(Comparator.comparing((Path file) -> file.getFileName().toString().substring(0, kind.length() + 19))
                .thenComparing(DumpFiles::modified));
        List<Path> deleted = new ArrayList<>();
        for (int i = 0; i < files.size() - keep; i++) {
            Files.deleteIfExists(files.get(i));
            deleted.add(files.get(i));
        }
        return deleted;
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
