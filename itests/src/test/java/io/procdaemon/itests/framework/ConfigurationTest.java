package io.procdaemon.itests.framework;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Dictionary;
import java.util.concurrent.TimeUnit;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;

import io.procdaemon.api.ShutdownCoordinator;
import io.procdaemon.api.ShutdownTimeouts;

/**
 * TOML files in etc/ reach real ConfigAdmin through real FileInstall: install, update, refusal
 * keeping the old values, factory names, PIDs with dashes, deletion, and the daemon's own
 * configuration applied live to the shutdown coordinator. Tests wait for ConfigAdmin's events.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigurationTest extends InFrameworkTestSupport {

    private final ConfigurationEvents events = new ConfigurationEvents();
    private ConfigurationAdmin configurationAdmin;

    @Override
    protected org.ops4j.pax.exam.Option[] extraOptions() {
        return withDaemonToml("hot_reload = true\n"); // as the distribution ships it: edits apply live
    }

    @Before
    public void listen() throws InterruptedException {
        configurationAdmin = service(ConfigurationAdmin.class);
        context.registerService(ConfigurationListener.class, events, null);
    }

    private Dictionary<String, Object> properties(String pid) throws Exception {
        Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + pid + ")");
        return found == null ? null : found[0].getProperties();
    }

    @Test
    public void aFileBecomesAConfigurationWithTypedFlattenedKeys() throws Exception {
        writeConfigFile("org.acme.db.toml", String.join("\n",
                "url = \"jdbc:postgresql://localhost/acme\"",
                "[pool]",
                "size = 8",
                "ratio = 0.75",
                "enabled = true",
                "hosts = [\"a\", \"b\"]",
                "ports = [5432, 5433]",
                ""));
        events.await("org.acme.db", ConfigurationEvent.CM_UPDATED);
        Dictionary<String, Object> properties = properties("org.acme.db");
        assertEquals("jdbc:postgresql://localhost/acme", properties.get("url"));
        assertEquals(8L, properties.get("pool.size"));
        assertEquals(0.75, properties.get("pool.ratio"));
        assertEquals(Boolean.TRUE, properties.get("pool.enabled"));
        assertArrayEquals(new String[] {"a", "b"}, (String[]) properties.get("pool.hosts"));
        assertArrayEquals(new Long[] {5432L, 5433L}, (Long[]) properties.get("pool.ports"));
        assertEquals("org.acme.db.toml", properties.get("procdaemon.config.file"));
    }

    @Test
    public void anEditIsAppliedAndABadEditIsRefusedKeepingTheConfigurationInForce() throws Exception {
        writeConfigFile("edited.toml", "value = 1\n");
        events.await("edited", ConfigurationEvent.CM_UPDATED);
        writeConfigFile("edited.toml", "value = 2\n");
        events.await("edited", ConfigurationEvent.CM_UPDATED);
        assertEquals(2L, properties("edited").get("value"));

        writeConfigFile("edited.toml", "value = [1, \"mixed\"]\n");
        // A later file that is applied shows the refused one has been read by now.
        writeConfigFile("witness.toml", "seen = true\n");
        events.await("witness", ConfigurationEvent.CM_UPDATED);
        assertEquals("the configuration in force stays", 2L, properties("edited").get("value"));

        writeConfigFile("edited.toml", "value = 3\n");
        events.await("edited", ConfigurationEvent.CM_UPDATED);
        assertEquals("fixing the file applies it", 3L, properties("edited").get("value"));
    }

    @Test
    public void aPidMayContainDashesAndAFactoryFileIsANamedFactoryConfiguration() throws Exception {
        writeConfigFile("my-service.toml", "port = 8080\n");
        events.await("my-service", ConfigurationEvent.CM_UPDATED);
        assertEquals(8080L, properties("my-service").get("port"));

        writeConfigFile("org.acme.pool~primary.toml", "size = 4\n");
        ConfigurationEvent event = events.await("org.acme.pool~primary", ConfigurationEvent.CM_UPDATED);
        assertEquals("org.acme.pool", event.getFactoryPid());
        assertEquals(4L, properties("org.acme.pool~primary").get("size"));
    }

    @Test
    public void deletingTheFileDeletesItsConfiguration() throws Exception {
        writeConfigFile("short-lived.toml", "x = 1\n");
        events.await("short-lived", ConfigurationEvent.CM_UPDATED);
        Files.delete(configDirectory().resolve("short-lived.toml"));
        events.await("short-lived", ConfigurationEvent.CM_DELETED);
        assertNull(properties("short-lived"));
    }

    @Test
    public void daemonTomlChangesTheShutdownTimeoutsLiveAndAnInvalidOneIsRefused() throws Exception {
        ShutdownCoordinator coordinator = service(ShutdownCoordinator.class);
        writeConfigFile("daemon.toml", "hot_reload = true\n[shutdown]\ngraceful = 1000\nforce = 2000\nkill = 3000\n");
        events.await("io.procdaemon.daemon", ConfigurationEvent.CM_UPDATED);
        awaitTimeouts(coordinator, ShutdownTimeouts.ofMillis(1000, 2000, 3000));

        writeConfigFile("daemon.toml", "hot_reload = true\n[shutdown]\ngraceful = 3000\nforce = 2000\nkill = 3000\n");
        writeConfigFile("witness-daemon.toml", "seen = true\n");
        events.await("witness-daemon", ConfigurationEvent.CM_UPDATED);
        assertEquals("graceful >= force is refused", ShutdownTimeouts.ofMillis(1000, 2000, 3000), coordinator.timeouts());
        assertEquals(1000L, properties("io.procdaemon.daemon").get("shutdown.graceful"));
    }

    @Test
    public void theDaemonsHealthCheckIntervalAppliesLiveToRunningSubsystems() throws Exception {
        Transitions transitions = new Transitions();
        context.registerService(io.procdaemon.api.SubsystemListener.class, transitions, null);
        java.util.Hashtable<String, Object> properties = new java.util.Hashtable<>();
        properties.put(io.procdaemon.api.Subsystem.NAME_PROPERTY, "checked");
        properties.put("health.failures", 3);
        context.registerService(io.procdaemon.api.Subsystem.class, new io.procdaemon.api.Subsystem() {
            @Override
            public void run(io.procdaemon.api.ShutdownHandle shutdown) throws InterruptedException {
                shutdown.awaitShutdown();
            }

            @Override
            public io.procdaemon.api.Health health() {
                return io.procdaemon.api.Health.unhealthy("always");
            }
        }, properties);
        transitions.awaitCurrent(service(io.procdaemon.api.Supervisor.class), "checked", io.procdaemon.api.SubsystemState.RUNNING);
        // At the default 5 s, three failed checks would take 15 s, beyond the wait's bound.
        writeConfigFile("daemon.toml", "hot_reload = true\n[monitoring]\nhealth_check_interval_ms = 20\n");
        io.procdaemon.api.SubsystemInfo failed = transitions.await("checked", io.procdaemon.api.SubsystemState.FAILED);
        assertEquals("unhealthy: 3 failed health check(s) in a row; last: always", failed.lastError().orElseThrow().message());
    }

    private static void awaitTimeouts(ShutdownCoordinator coordinator, ShutdownTimeouts expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!coordinator.timeouts().equals(expected)) {
            if (System.nanoTime() > deadline) {
                assertEquals(expected, coordinator.timeouts());
            }
            Thread.onSpinWait();
        }
    }
}
