package io.procdaemon.config.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Holds back an empty file that would replace a configuration with keys. Writing a file in place
 * ({@code > etc/app.toml} in a shell, an editor that truncates then writes) makes it empty first,
 * and FileInstall reports it once two scans see it alike: applied, that moment would wipe the
 * configuration, and if the text that follows is refused the last good configuration is lost.
 * So an empty file is applied only once it has stayed empty, with the same modification time,
 * for {@link #SETTLE}; any write in between makes FileInstall report the file again, and the hold
 * ends without effect.
 *
 * <p>{@link #hold} is called under the installer's monitor; the settle callback runs on this
 * class's single timer thread, which exists only while a hold is pending, and must take that
 * monitor itself before it calls {@link #settled}.
 */
final class EmptyFileHold implements AutoCloseable {

    /** How long a file must stay empty before it replaces a configuration with keys. */
    static final Duration SETTLE = Duration.ofSeconds(2);

    /** What a held file looked like when it was held, and when. */
    private record Held(FileTime modified, long sinceNanos) {
    }

    private final LongSupplier nanoClock;
    private final Consumer<Path> settle;
    private final Map<Path, Held> held = new HashMap<>();
    private ScheduledThreadPoolExecutor timer;

    /**
     * @param nanoClock a monotonic clock ({@code System::nanoTime})
     * @param settle called with a held file once {@link #SETTLE} has passed since it was held
     */
    EmptyFileHold(LongSupplier nanoClock, Consumer<Path> settle) {
        this.nanoClock = nanoClock;
        this.settle = settle;
    }

    /** What to do with a file about to be applied. */
    enum Verdict {
        /** apply it now */
        APPLY,
        /** do not apply it now: it has just been held (say so) */
        HELD,
        /** do not apply it now: it was held already, as it is */
        STILL_HELD
    }

    /**
     * @param file a file about to be applied, live (not at boot)
     * @param configurationHasKeys whether the configuration the file makes now has keys
     * @return whether to apply it: not while it is empty and its configuration has keys
     */
    synchronized Verdict hold(Path file, boolean configurationHasKeys) {
        FileTime modified = emptyFileModified(file);
        if (modified == null || !configurationHasKeys) {
            held.remove(file);
            return Verdict.APPLY;
        }
        Held previous = held.get(file);
        if (previous != null && previous.modified().equals(modified)) {
            return Verdict.STILL_HELD; // its timer runs
        }
        held.put(file, new Held(modified, nanoClock.getAsLong()));
        schedule(file);
        return Verdict.HELD;
    }

    /**
     * @return whether the held file is still empty, unchanged, and held for {@link #SETTLE} by now:
     *         then apply it. The hold ends, unless the file was held again since (a new empty
     *         write), whose own timer comes later.
     */
    synchronized boolean settled(Path file) {
        Held entry = held.get(file);
        if (entry == null) {
            return false;
        }
        if (nanoClock.getAsLong() - entry.sinceNanos() < SETTLE.toNanos()) {
            return false; // a newer hold of the same file; its own timer comes later
        }
        held.remove(file);
        return entry.modified().equals(emptyFileModified(file));
    }

    private void schedule(Path file) {
        if (timer == null) {
            timer = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "procdaemon-config-empty-file");
                thread.setDaemon(true);
                return thread;
            });
            timer.setKeepAliveTime(1, TimeUnit.SECONDS);
            timer.allowCoreThreadTimeOut(true);
        }
        timer.schedule(() -> settle.accept(file), SETTLE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return the modification time of the file if it exists and is empty, else {@code null} */
    private static FileTime emptyFileModified(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.isRegularFile() && attributes.size() == 0 ? attributes.lastModifiedTime() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public synchronized void close() {
        held.clear();
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
