package io.procdaemon.itests.framework;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;

/**
 * With {@code hot_reload = false} nothing watches etc/: a new file is applied on SIGHUP, a real
 * signal sent to this JVM with {@code kill}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigurationHangupTest extends InFrameworkTestSupport {

    @Override
    protected Option[] extraOptions() {
        try {
            Files.writeString(configDirectory().resolve("daemon.toml"), "hot_reload = false\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Option[0];
    }

    @Test
    public void sighupReadsEtcAgain() throws Exception {
        BlockingQueue<ConfigurationEvent> events = new LinkedBlockingQueue<>();
        context.registerService(ConfigurationListener.class, events::add, null);
        ConfigurationAdmin configurationAdmin = service(ConfigurationAdmin.class);
        Files.writeString(configDirectory().resolve("on-hangup.toml"), "value = 7\n");

        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        ConfigurationEvent event;
        do {
            event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertNotNull("on-hangup.toml not applied after SIGHUP", event);
        } while (!event.getPid().equals("on-hangup"));
        Configuration[] found = configurationAdmin.listConfigurations("(service.pid=on-hangup)");
        assertEquals(7L, found[0].getProperties().get("value"));
    }
}
