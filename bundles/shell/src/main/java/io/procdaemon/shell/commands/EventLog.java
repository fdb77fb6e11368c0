package io.procdaemon.shell.commands;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Component;

import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.SubsystemListener;
import io.procdaemon.api.SubsystemState;

/**
 * The recent state changes of every subsystem, for {@code daemon:events}: a listener of the
 * supervisor keeping the last {@value #CAPACITY}, and telling followers of each new one.
 */
@Component(service = {SubsystemListener.class, EventLog.class})
public final class EventLog implements SubsystemListener {

    static final int CAPACITY = 500;

    /** One state change. */
    record Entry(Instant at, String name, SubsystemState previous, SubsystemState state, String detail) {
        @Override
        public String toString() {
            return at + "  " + name + "  " + previous + " -> " + state + (detail.isEmpty() ? "" : "  " + detail);
        }
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private final List<Consumer<Entry>> followers = new CopyOnWriteArrayList<>();

    @Override
    public void stateChanged(SubsystemInfo info, SubsystemState previous) {
        String detail = "";
        if (info.state() == SubsystemState.FAILED || info.state() == SubsystemState.RESTARTING) {
            detail = info.lastError().map(error -> Text.shorten(error.message(), 160)).orElse("");
        }
        if (info.held() && info.state() == SubsystemState.STOPPING) {
            detail = "stopped by operator";
        }
        Entry entry = new Entry(Instant.now(), info.name(), previous, info.state(), detail);
        synchronized (entries) {
            entries.addLast(entry);
            while (entries.size() > CAPACITY) {
                entries.removeFirst();
            }
        }
        followers.forEach(follower -> follower.accept(entry));
    }

    /** @return the last {@code count} entries, oldest first */
    List<Entry> last(int count) {
        synchronized (entries) {
            List<Entry> all = List.copyOf(entries);
            return all.subList(Math.max(0, all.size() - count), all.size());
        }
    }

    /** Calls {@code follower} with each new entry until the returned handle is closed. */
    AutoCloseable follow(Consumer<Entry> follower) {
        followers.add(follower);
        return () -> followers.remove(follower);
    }
}
