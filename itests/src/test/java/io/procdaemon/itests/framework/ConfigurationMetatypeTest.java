package io.procdaemon.itests.framework;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.nio.file.Path;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

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
        withDaemonToml("hot_reload = true\n");
        Path examples = Path.of(System.getProperty("procdaemon.fixtures"), "proc-daemon-examples.jar");
        return new Option[] {bundle(examples.toUri().toString()).startLevel(80).start()};
    }

    @Test
    public void filesThatBreakTheDescriptionAreRefusedAndAFittingOneIsApplied() throws Exception {
        ConfigurationEvents events = new ConfigurationEvents();
        context.registerService(ConfigurationListener.class, events, null);
        ConfigurationAdmin configurationAdmin = service(ConfigurationAdmin.class);
        String[] refused = {
            "interval = \"fast\"\n",          // a string where a whole number is described
            "interval = 5\n",                 // below the described minimum of 10
            "interval = [100, 200]\n",        // an array where one value is described
        };
        for (int i = 0; i < refused.length; i++) {
            writeConfigFile(PID + ".toml", refused[i]);
            writeConfigFile("witness-" + i + ".toml", "seen = true\n");
            events.awaitUpdate("witness-" + i);
            assertNull("refused: " + refused[i], configurationAdmin.listConfigurations("(service.pid=" + PID + ")"));
        }

        writeConfigFile(PID + ".toml", "interval = 250\nlabel = \"pulse\"\n");
        events.awaitUpdate(PID);
        Configuration[] applied = configurationAdmin.listConfigurations("(service.pid=" + PID + ")");
        assertEquals(250L, applied[0].getProperties().get("interval"));
        assertEquals("pulse", applied[0].getProperties().get("label"));
    }

    /**
     * The daemon's own PID is described too, from the configuration bundle's schema: each key
     * with its type, default and options, validated as the daemon validates it.
     */
    @Test
    public void theDaemonsConfigurationIsDescribedFromItsSchema() throws Exception {
        MetaTypeService metatype = service(MetaTypeService.class);
        org.osgi.framework.Bundle config = java.util.Arrays.stream(context.getBundles())
                .filter(b -> "io.procdaemon.config".equals(b.getSymbolicName())).findFirst().orElseThrow();
        ObjectClassDefinition daemon = metatype.getMetaTypeInformation(config)
                .getObjectClassDefinition("io.procdaemon.daemon", null);
        java.util.Map<String, AttributeDefinition> byId = new java.util.LinkedHashMap<>();
        for (AttributeDefinition attribute : daemon.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            byId.put(attribute.getID(), attribute);
        }
        assertTrue(byId.keySet().toString(), byId.keySet().containsAll(java.util.List.of("name", "logging.level",
                "shutdown.graceful", "monitoring.health_checks", "resources.on_hard_limit", "hot_reload")));
        AttributeDefinition graceful = byId.get("shutdown.graceful");
        assertEquals(AttributeDefinition.LONG, graceful.getType());
        assertArrayEquals(new String[] {"5000"}, graceful.getDefaultValue());
        assertEquals("", graceful.validate("2000"));
        assertTrue(graceful.validate("0"), graceful.validate("0").contains("must be greater than 0"));
        assertTrue(graceful.validate("soon"), graceful.validate("soon").contains("a whole number of milliseconds"));
        AttributeDefinition level = byId.get("logging.level");
        assertEquals(AttributeDefinition.STRING, level.getType());
        assertArrayEquals(new String[] {"trace", "debug", "info", "warn", "error"}, level.getOptionValues());
        assertTrue(level.validate("verbose"), level.validate("verbose").contains("valid: one of trace"));
        assertEquals(AttributeDefinition.BOOLEAN, byId.get("hot_reload").getType());
    }
}
