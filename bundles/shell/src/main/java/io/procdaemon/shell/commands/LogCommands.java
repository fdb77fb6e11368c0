package io.procdaemon.shell.commands;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;

import io.procdaemon.logging.LogLevels;

/**
 * {@code log:set}, {@code log:get}, {@code log:display} and {@code log:tail}, as Karaf's: the
 * daemon's log levels, live, and its recent and new lines.
 *
 * <p>Levels go through {@link LogLevels} (java.util.logging and the OSGi LoggerAdmin at once) and
 * apply at once; etc/daemon.toml's {@code logging.level} and {@code logging.levels} set them again
 * only when the file changes them. The lines come from the launcher's log handler, through two
 * services of JDK types it registers ({@code IntFunction<List<String>>} marked
 * {@code io.procdaemon.log.recent}, {@code Function<Consumer<String>, AutoCloseable>} marked
 * {@code io.procdaemon.log.follow}); without the launcher (another framework) those two commands
 * say so.
 */
@Component(service = LogCommands.class, property = {"osgi.command.scope=log", "osgi.command.function=set",
        "osgi.command.function=get", "osgi.command.function=display", "osgi.command.function=tail"})
public final class LogCommands {

    /** Lines a {@code log:tail} holds for a slow client before it drops and counts them. */
    static final int TAIL_QUEUE = 10_000;

    private final LogLevels levels;
    private final IntFunction<List<String>> recent;
    private final Function<Consumer<String>, AutoCloseable> follow;

    @Activate
    public LogCommands(@Reference LogLevels levels,
            @Reference(target = "(io.procdaemon.log.recent=true)", cardinality = ReferenceCardinality.OPTIONAL)
            IntFunction<List<String>> recent,
            @Reference(target = "(io.procdaemon.log.follow=true)", cardinality = ReferenceCardinality.OPTIONAL)
            Function<Consumer<String>, AutoCloseable> follow) {
        this.levels = levels;
        this.recent = recent;
        this.follow = follow;
    }

    @Descriptor("set the root logger's level now (trace, debug, info, warn, error, off)")
    public String set(@Descriptor("the level: trace, debug, info, warn, error, off (any case)") String level) {
        return setLevel(level, LogLevels.ROOT);
    }

    @Descriptor("set a logger's level now (trace, debug, info, warn, error, off; default: follow its parent)")
    public String set(@Descriptor("the level: trace, debug, info, warn, error, off, default (any case)") String level,
            @Descriptor("the logger (and those below it)") String logger) {
        return setLevel(level, logger);
    }

    private String setLevel(String level, String logger) {
        String before = levels.effective(logger);
        levels.set(logger, level);
        return name(logger) + ": " + levels.effective(logger) + " (was " + before + ")";
    }

    @Descriptor("the root logger's level")
    public String get() {
        return get(LogLevels.ROOT);
    }

    @Descriptor("a logger's level (its own or inherited); ALL: every logger with a level of its own")
    public String get(@Descriptor("a logger's name, ROOT, or ALL") String logger) {
        if (logger.equals("ALL")) {
            Map<String, String> all = levels.levels();
            int width = all.keySet().stream().mapToInt(String::length).max().orElse(6);
            StringBuilder table = new StringBuilder(String.format("%-" + width + "s  %s", "LOGGER", "LEVEL"));
            all.forEach((name, level) -> table.append(String.format("%n%-" + width + "s  %s", name, level)));
            return table.toString();
        }
        String own = levels.levels().get(name(logger));
        return name(logger) + ": " + levels.effective(logger) + (own != null ? "" : " (inherited)");
    }

    @Descriptor("the daemon's most recent log lines, oldest first (up to 500 are kept)")
    public void display(@Descriptor("how many lines (default: all that are kept)")
            @Parameter(names = {"-n", "--lines"}, absentValue = "500") int count) {
        if (count < 0) {
            throw new IllegalArgumentException("--lines " + count + ": give 0 or more");
        }
        PrintStream out = System.out;
        recent().apply(count).forEach(out::print);
        out.flush();
    }

    @Descriptor("the last lines of the log, then every new one as it is logged, until interrupted (Ctrl-C)")
    public void tail(@Descriptor("how many recent lines to show first (default 10)")
            @Parameter(names = {"-n", "--lines"}, absentValue = "10") int count) {
        if (count < 0) {
            throw new IllegalArgumentException("--lines " + count + ": give 0 or more");
        }
        if (follow == null) {
            throw new IllegalStateException("log:tail: the daemon's log handler is not there (not launched by"
                    + " bin/proc-daemon)");
        }
        PrintStream out = System.out;
        BlockingQueue<String> queue = new ArrayBlockingQueue<>(TAIL_QUEUE);
        AtomicLong dropped = new AtomicLong();
        // Called on the logging thread: never blocks it, however slowly the client reads.
        Consumer<String> follower = line -> {
            if (!queue.offer(line)) {
                dropped.incrementAndGet();
            }
        };
        try (AutoCloseable following = follow.apply(follower)) {
            recent().apply(count).forEach(out::print);
            out.flush();
            while (!out.checkError()) {
                out.print(queue.take());
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    out.println("log:tail: " + lost + " lines dropped: this client reads more slowly than the daemon logs");
                }
                out.flush();
            }
        } catch (InterruptedException e) {
            // Ctrl-C, or the client left: following ends here.
        } catch (Exception e) {
            throw new IllegalStateException("log:tail: " + e.getMessage(), e);
        }
    }

    private IntFunction<List<String>> recent() {
        if (recent == null) {
            throw new IllegalStateException("the daemon's log handler is not there (not launched by bin/proc-daemon)");
        }
        return recent;
    }

    private static String name(String logger) {
        return logger == null || logger.isBlank() || logger.equalsIgnoreCase(LogLevels.ROOT) ? LogLevels.ROOT : logger;
    }
}
