package io.procdaemon.itests.framework;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
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
        return withDaemonToml("hot_reload = false\n");
    }

    @Test
    public void sighupReadsEtcAgain() throws Exception {
        ConfigurationEvents events = new ConfigurationEvents();
        context.registerService(ConfigurationListener.class, events, null);
        ConfigurationAdmin configurationAdmin = service(ConfigurationAdmin.class);
        Files.writeString(configDirectory().resolve("on-hangup.toml"), "value = 7\n");

        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        events.awaitUpdate("on-hangup");
        Configuration[] found = configurationAdmin.listConfigurations("(service.pid=on-hangup)");
        assertEquals(7L, found[0].getProperties().get("value"));
    }
}
