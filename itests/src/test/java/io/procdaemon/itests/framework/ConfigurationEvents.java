package io.procdaemon.itests.framework;

import static org.junit.Assert.assertNotNull;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;

/** Records ConfigAdmin's events, for tests to wait on instead of sleeping. */
final class ConfigurationEvents implements ConfigurationListener {

    private final BlockingQueue<ConfigurationEvent> events = new LinkedBlockingQueue<>();

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        events.add(event);
    }

    /** Waits for the next event of {@code type} for {@code pid}, skipping others; returns it. */
    ConfigurationEvent await(String pid, int type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(InFrameworkTestSupport.BOUND_SECONDS);
        while (true) {
            ConfigurationEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertNotNull("no configuration event " + type + " for " + pid, event);
            if (event.getPid().equals(pid) && event.getType() == type) {
                return event;
            }
        }
    }

    /** Waits for the next update of {@code pid}. */
    ConfigurationEvent awaitUpdate(String pid) throws InterruptedException {
        return await(pid, ConfigurationEvent.CM_UPDATED);
    }
}
