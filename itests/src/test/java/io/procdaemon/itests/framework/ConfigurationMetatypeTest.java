package io.procdaemon.itests.framework;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * A file for a PID that a bundle describes with Metatype (the examples' heartbeat: interval, a
 * whole number of at least 10; label, a string) is checked against the description, by the real
 * Felix Metatype service, before it reaches ConfigAdmin.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigurationMetatypeTest extends InFrameworkTestSupport {

    private static final String PID = "io.procdaemon.examples.Heartbeat";

    @Override
    protected Option[] extraOptions() {
        try {
            Files.writeString(configDirectory().resolve("daemon.toml"), "hot_reload = true\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Path examples = Path.of(System.getProperty("procdaemon.fixtures"), "proc-daemon-examples.jar");
        return new Option[] {bundle(examples.toUri().toString()).startLevel(80).start()};
    }

    private void write(String name, String toml) throws IOException {
        Path hidden = configDirectory().resolve("." + name + ".part");
        Files.writeString(hidden, toml, StandardCharsets.UTF_8);
        Files.move(hidden, configDirectory().resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void await(BlockingQueue<ConfigurationEvent> events, String pid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        ConfigurationEvent event;
        do {
            event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertNotNull("no configuration event for " + pid, event);
        } while (!event.getPid().equals(pid));
    }

    @Test
    public void filesThatBreakTheDescriptionAreRefusedAndAFittingOneIsApplied() throws Exception {
        BlockingQueue<ConfigurationEvent> events = new LinkedBlockingQueue<>();
        context.registerService(ConfigurationListener.class, events::add, null);
        ConfigurationAdmin configurationAdmin = service(ConfigurationAdmin.class);
        String[] refused = {
            "interval = \"fast\"\n",          // a string where a whole number is described
            "interval = 5\n",                 // below the described minimum of 10
            "interval = [100, 200]\n",        // an array where one value is described
        };
        for (int i = 0; i < refused.length; i++) {
            write(PID + ".toml", refused[i]);
            write("witness-" + i + ".toml", "seen = true\n");
            await(events, "witness-" + i);
            assertNull("refused: " + refused[i], configurationAdmin.listConfigurations("(service.pid=" + PID + ")"));
        }

        write(PID + ".toml", "interval = 250\nlabel = \"pulse\"\n");
        await(events, PID);
        Configuration[] applied = configurationAdmin.listConfigurations("(service.pid=" + PID + ")");
        assertEquals(250L, applied[0].getProperties().get("interval"));
        assertEquals("pulse", applied[0].getProperties().get("label"));
    }
}
