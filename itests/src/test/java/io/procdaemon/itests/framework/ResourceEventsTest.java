package io.procdaemon.itests.framework;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Issue 11: a resource limit's crossings reach EventAdmin, once per crossing. The limits are set
 * live through {@code etc/daemon.toml}; the daemon's threads are far above 5 and far below 100,000.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ResourceEventsTest extends InFrameworkTestSupport {

    private static final String TOPIC = "io/procdaemon/resource/";

    @Override
    protected Option[] extraOptions() {
        return withDaemonToml("hot_reload = true\n");
    }

    @Test
    public void aCrossingIsPostedOnceAndItsEndToo() throws Exception {
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, TOPIC + "*");
        context.registerService(EventHandler.class, (EventHandler) events::add, properties);

        writeConfigFile("daemon.toml", "hot_reload = true\n[monitoring]\nmetrics_interval_ms = 20\n"
                + "[resources]\nthreads_soft = 5\n");
        Event soft = events.poll(BOUND_SECONDS, TimeUnit.SECONDS);
        assertNotNull("no event after threads_soft = 5", soft);
        assertEquals(TOPIC + "SOFT_LIMIT", soft.getTopic());
        assertEquals("threads", soft.getProperty("resource"));
        assertEquals(5L, soft.getProperty("limit"));
        assertTrue(soft.toString(), (Long) soft.getProperty("value") >= 5);

        // Samples go on every 20 ms while the file is rewritten: the next event is the way back
        // under, not the same crossing again.
        writeConfigFile("daemon.toml", "hot_reload = true\n[monitoring]\nmetrics_interval_ms = 20\n"
                + "[resources]\nthreads_soft = 100000\n");
        Event under = events.poll(BOUND_SECONDS, TimeUnit.SECONDS);
        assertNotNull("no event after threads_soft = 100000", under);
        assertEquals(TOPIC + "UNDER_LIMIT", under.getTopic());
        assertEquals(100_000L, under.getProperty("limit"));
    }
}
