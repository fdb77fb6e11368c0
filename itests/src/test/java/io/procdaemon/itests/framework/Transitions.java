package io.procdaemon.itests.framework;

import static org.junit.Assert.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.SubsystemListener;
import io.procdaemon.api.SubsystemState;

/** Records every transition the supervisor reports, per subsystem, for tests to wait on. */
final class Transitions implements SubsystemListener {

    private final ConcurrentHashMap<String, BlockingQueue<SubsystemInfo>> byName = new ConcurrentHashMap<>();
    private final BlockingQueue<String> order = new LinkedBlockingQueue<>();

    @Override
    public void stateChanged(SubsystemInfo subsystem, SubsystemState previous) {
        queue(subsystem.name()).add(subsystem);
        order.add(subsystem.name() + ":" + subsystem.state());
    }

    private BlockingQueue<SubsystemInfo> queue(String name) {
        return byName.computeIfAbsent(name, n -> new LinkedBlockingQueue<>());
    }

    /** Waits for the next transition of {@code name} into {@code state}, skipping others; returns it. */
    SubsystemInfo await(String name, SubsystemState state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(InFrameworkTestSupport.BOUND_SECONDS);
        while (true) {
            SubsystemInfo info = queue(name).poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertNotNull(name + " never reached " + state, info);
            if (info.state() == state) {
                return info;
            }
        }
    }

    /**
     * Waits until {@code name} is in {@code state}, now or by a later transition: for a subsystem that
     * may have got there before this listener was registered. The supervisor reports transitions on a
     * thread of its own, after the state is visible, so when this returns at once the report may still
     * be on its way: do not {@link #drain} after it expecting the queue to be quiet. A subsystem
     * registered after this listener is waited for with {@link #await}.
     */
    void awaitCurrent(io.procdaemon.api.Supervisor supervisor, String name, SubsystemState state) throws InterruptedException {
        if (supervisor.subsystem(name).map(info -> info.state() == state).orElse(false)) {
            return;
        }
        await(name, state);
    }

    /** Waits for the next {@code count} transitions of {@code name}; returns their states. */
    List<SubsystemState> take(String name, int count) throws InterruptedException {
        List<SubsystemState> states = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(InFrameworkTestSupport.BOUND_SECONDS);
        while (states.size() < count) {
            SubsystemInfo info = queue(name).poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertNotNull(name + ": only " + states + " within the bound", info);
            states.add(info.state());
        }
        return states;
    }

    /** @return the states {@code name} passed through so far, consuming them */
    List<SubsystemState> drain(String name) {
        List<SubsystemInfo> infos = new ArrayList<>();
        queue(name).drainTo(infos);
        List<SubsystemState> states = new ArrayList<>();
        infos.forEach(info -> states.add(info.state()));
        return states;
    }

    /** @return every {@code name:STATE} so far, in the order reported, consuming them */
    List<String> order() {
        List<String> all = new ArrayList<>();
        order.drainTo(all);
        return all;
    }
}
