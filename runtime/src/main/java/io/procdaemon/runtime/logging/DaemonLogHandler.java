package io.procdaemon.runtime.logging;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The daemon's one log output: the handler of java.util.logging's root logger
 * ({@code handlers} in etc/logging.properties), so every record of every logging API ends here,
 * from the JVM's first logged line to its last. It writes text or JSON lines to standard error
 * and/or a rotated file ({@link LogSettings}).
 *
 * <p><b>Until the daemon's configuration is read</b> (etc/daemon.toml: the configuration bundle
 * reads it at start level 15, the core hands its {@code logging.*} keys here at level 20), records
 * are held in memory, at most {@value #EARLY_LIMIT} (later ones are counted and the count written),
 * and then written as the configuration says: the first lines of a JSON log are JSON too, and a
 * file named in etc/daemon.toml holds the boot. If the configuration never comes, the held records
 * are written with the defaults when the launcher reports readiness, or when the JVM exits (a boot
 * refused for a bad etc/daemon.toml, say): nothing logged is lost. No thread, no timer.
 *
 * <p>The settings apply live: {@link #accept(Map)} with a new configuration switches format,
 * file and limits between two records.
 *
 * <p>It also keeps the last {@value #RECENT} records for {@code log:display}, and hands each new
 * line, as text, to followers ({@code log:tail}).
 */
public final class DaemonLogHandler extends Handler implements Consumer<Map<String, ?>> {

    /** Records held before the configuration is known. */
    static final int EARLY_LIMIT = 10_000;
    /** Records kept for {@code log:display}. */
    static final int RECENT = 500;

    private static final Logger LOG = Logger.getLogger("io.procdaemon.logging");

    private final LogSettings.Launch launch;
    private final OutputStream console;
    private final TextLines text;
    private final JsonLines json;
    private final ArrayDeque<LogEvent> early = new ArrayDeque<>();
    private final ArrayDeque<LogEvent> recent = new ArrayDeque<>();
    private final List<Consumer<String>> followers = new CopyOnWriteArrayList<>();
    private long dropped;
    /** When the first record was held (System.nanoTime), for the line that reports the hold. */
    private long heldSince;
    private LogSettings settings;
    private boolean toConsole;
    private RotatingFile file;
    private boolean fileFailed;

    /** Made by java.util.logging's LogManager from etc/logging.properties; public for that reason. */
    public DaemonLogHandler() {
        // Standard error's descriptor itself, not System.err: a bundle that replaces System.err
        // must not capture the daemon's log.
        this(LogSettings.Launch.fromSystemProperties(), new FileOutputStream(FileDescriptor.err), ZoneId.systemDefault());
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(this::configureDefaultsIfUnset, "procdaemon-log-flush"));
        } catch (IllegalStateException e) {
            // Made while the JVM exits: whatever comes is written with the defaults at once.
            configureDefaultsIfUnset();
        }
    }

    DaemonLogHandler(LogSettings.Launch launch, OutputStream console, ZoneId zone) {
        this.launch = launch;
        this.console = console;
        this.text = new TextLines(zone);
        this.json = new JsonLines(zone);
        setLevel(Level.ALL);
    }

    /** @return the handler on java.util.logging's root logger, if the daemon's log is this */
    public static Optional<DaemonLogHandler> installed() {
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            if (handler instanceof DaemonLogHandler daemon) {
                return Optional.of(daemon);
            }
        }
        return Optional.empty();
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null || !isLoggable(record)) {
            return;
        }
        LogEvent event = LogEvent.of(record);
        synchronized (this) {
            recent.addLast(event);
            if (recent.size() > RECENT) {
                recent.removeFirst();
            }
            if (settings == null) {
                if (early.isEmpty() && dropped == 0) {
                    heldSince = System.nanoTime();
                }
                if (early.size() < EARLY_LIMIT) {
                    early.addLast(event);
                } else {
                    dropped++;
                }
                return;
            }
            write(event);
        }
        if (!followers.isEmpty()) {
            String line = text.format(event, false);
            followers.forEach(follower -> follower.accept(line));
        }
    }

    /**
     * Applies the daemon's configuration (its {@code logging.*} keys); what was held until now is
     * written first. Called by the core with every version of the configuration.
     */
    @Override
    public void accept(Map<String, ?> configuration) {
        configure(LogSettings.from(configuration, launch));
    }

    /** Applies the defaults, unless a configuration was applied already. */
    public void configureDefaultsIfUnset() {
        boolean unset;
        synchronized (this) {
            unset = settings == null;
        }
        if (unset) {
            configure(LogSettings.defaults(launch));
        }
    }

    /** @return the settings in force, or {@code null} while none was applied */
    public synchronized LogSettings settings() {
        return settings;
    }

    void configure(LogSettings next) {
        String problem = null;
        String held = "";
        boolean changed;
        synchronized (this) {
            changed = !next.equals(settings);
            if (!changed) {
                return;
            }
            if (next.file() == null || file == null || !file.path().equals(next.file())) {
                closeFile();
                if (next.file() != null) {
                    try {
                        file = new RotatingFile(next.file(), next.maxFileSize(), next.maxFiles());
                    } catch (IOException | RuntimeException e) {
                        problem = "cannot write the log file " + next.file() + " (logging.file in etc/daemon.toml): " + e
                                + "; the log goes to standard error until the file can be opened (fix the path or"
                                + " its folder's permissions, then save etc/daemon.toml again)";
                    }
                }
            } else {
                file.limits(next.maxFileSize(), next.maxFiles());
            }
            fileFailed = false;
            settings = next;
            // Nothing logged is lost: without its file the log goes to standard error.
            toConsole = next.console() || file == null;
            if (!early.isEmpty()) {
                held = " (" + (early.size() + dropped) + " records held for "
                        + (System.nanoTime() - heldSince) / 1_000_000 + " ms until the configuration was read)";
            }
            for (LogEvent event : early) {
                write(event);
            }
            early.clear();
            if (dropped > 0) {
                LogRecord note = new LogRecord(Level.WARNING, dropped + " records logged before the configuration was read"
                        + " were dropped: at most " + EARLY_LIMIT + " are held");
                note.setLoggerName(LOG.getName());
                write(LogEvent.of(note));
                dropped = 0;
            }
        }
        if (problem != null) {
            LOG.severe(problem);
        }
        LOG.info("log: " + next.describe() + (problem == null ? "" : "; for now to standard error only") + held);
    }

    /** Writes one event to the outputs in force; called with the lock held. */
    private void write(LogEvent event) {
        String jsonLine = settings.json() ? json.format(event) : null;
        if (toConsole) {
            String line = jsonLine != null ? jsonLine : text.format(event, settings.color());
            try {
                console.write(line.getBytes(StandardCharsets.UTF_8));
                console.flush();
            } catch (IOException e) {
                reportError("cannot write to standard error", e, java.util.logging.ErrorManager.WRITE_FAILURE);
            }
        }
        if (file != null) {
            String line = jsonLine != null ? jsonLine : text.format(event, false);
            try {
                file.write(line.getBytes(StandardCharsets.UTF_8));
                fileFailed = false;
            } catch (IOException e) {
                if (!fileFailed) {
                    fileFailed = true;
                    // Said on standard error, once per failure spell: the file cannot say it.
                    String message = text.format(LogEvent.of(failure(file, e)), false);
                    try {
                        console.write(message.getBytes(StandardCharsets.UTF_8));
                    } catch (IOException ignored) {
                        // Both outputs are gone: nothing is left to say it on.
                    }
                }
            }
        }
    }

    private static LogRecord failure(RotatingFile file, IOException e) {
        LogRecord record = new LogRecord(Level.SEVERE, "cannot write the log file " + file.path() + ": " + e
                + "; lines are lost until it can be written again (disk full? permissions?)");
        record.setLoggerName(LOG.getName());
        return record;
    }

    /**
     * @param count how many
     * @return the last {@code count} records (at most {@value #RECENT}), oldest first, as text lines
     */
    public List<String> recent(int count) {
        List<LogEvent> events;
        synchronized (this) {
            events = new ArrayList<>(recent);
        }
        List<String> lines = new ArrayList<>();
        for (LogEvent event : events.subList(Math.max(0, events.size() - Math.max(0, count)), events.size())) {
            lines.add(text.format(event, false));
        }
        return lines;
    }

    /**
     * Hands every line logged from now on, as text, to {@code follower}, on the thread that logs
     * it: the follower must not block (queue and return).
     *
     * @return closing it stops the following
     */
    public AutoCloseable follow(Consumer<String> follower) {
        Objects.requireNonNull(follower, "follower");
        followers.add(follower);
        return () -> followers.remove(follower);
    }

    @Override
    public synchronized void flush() {
        try {
            console.flush();
        } catch (IOException e) {
            // Nothing to flush it to.
        }
    }

    @Override
    public synchronized void close() {
        closeFile();
    }

    private void closeFile() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // Closing: the lines are written already, each in one write.
            }
            file = null;
        }
    }
}
