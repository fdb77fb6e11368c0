package io.procdaemon.itests.framework;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The config:* commands, run through Gogo's real CommandProcessor as the shell runs them: output,
 * errors (quoting the input, listing candidates), typed values, masking, and write-back into the
 * files of etc/, checked byte for byte, with ConfigAdmin changed before the command returns.
 * Every test uses its own PIDs: the framework is shared by the class.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfigCommandsTest extends InFrameworkTestSupport {

    private final ConfigurationEvents events = new ConfigurationEvents();
    private ConfigurationAdmin configurationAdmin;

    @Override
    protected Option[] extraOptions() {
        withDaemonToml("# the daemon\nhot_reload = true # live edits\n");
        Path examples = Path.of(System.getProperty("procdaemon.fixtures"), "proc-daemon-examples.jar");
        return new Option[] {bundle(examples.toUri().toString()).startLevel(80).start()};
    }

    @Before
    public void services() throws Exception {
        configurationAdmin = service(ConfigurationAdmin.class);
        context.registerService(ConfigurationListener.class, events, null);
        ServiceTracker<Object, Object> commands = new ServiceTracker<>(context,
                context.createFilter("(osgi.command.scope=config)"), null);
        commands.open();
        assertNotNull("no config:* commands", commands.waitForService(TimeUnit.SECONDS.toMillis(BOUND_SECONDS)));
    }

    // ---- helpers

    /** Runs a command that must fail with the given exception type; returns its message. */
    private String fails(Class<? extends Exception> type, String command) {
        Exception e = assertThrows(command, Exception.class, () -> run(command));
        assertTrue(command + " threw " + e, type.isInstance(e));
        return e.getMessage();
    }

    private Dictionary<String, Object> properties(String pid) throws Exception {
        Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + pid + ")");
        return found == null ? null : found[0].getProperties();
    }

    private Path file(String name) {
        return configDirectory().resolve(name);
    }

    /** The file as messages name it: its folder's name, then its own. */
    private String shown(String name) {
        return configDirectory().getFileName() + "/" + name;
    }

    private String read(String name) throws Exception {
        return Files.readString(file(name));
    }

    private void fileApplied(String name, String pid, String toml) throws Exception {
        writeConfigFile(name, toml);
        events.awaitUpdate(pid);
    }

    // ---- write-back details

    @Test
    public void writeBackFollowsASymbolicLinkAndKeepsTheFilesMode() throws Exception {
        Path real = Files.createTempDirectory("procdaemon-linked").resolve("linked.toml");
        Files.writeString(real, "# kept elsewhere\nport = 1\n");
        Files.setPosixFilePermissions(real, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(file("org.acme.linked.toml"), real);
        events.awaitUpdate("org.acme.linked");

        run("config:set org.acme.linked port 2");
        assertTrue("the link is still a link", Files.isSymbolicLink(file("org.acme.linked.toml")));
        assertEquals("# kept elsewhere\nport = 2\n", Files.readString(real));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
        assertEquals(2L, properties("org.acme.linked").get("port"));
    }

    // ---- list and get

    @Test
    public void listShowsPidFileAndNumberOfKeysFilteredBySubstringOrLdap() throws Exception {
        fileApplied("org.acme.listed.toml", "org.acme.listed", "a = 1\nb = 2\n");
        String all = run("config:list");
        assertTrue(all, all.startsWith("PID"));
        assertTrue(all, java.util.regex.Pattern.compile("^org\\.acme\\.listed +" + java.util.regex.Pattern.quote(shown("org.acme.listed.toml"))
                + " +2$", java.util.regex.Pattern.MULTILINE).matcher(all).find());
        assertTrue(all, all.contains("io.procdaemon.daemon"));
        String filtered = run("config:list acme.list");
        assertEquals(2, filtered.lines().count());
        assertEquals(filtered, run("config:list '(b=2)'"));
        assertEquals("no configuration matches 'nothing-like-this'", run("config:list nothing-like-this"));
        assertTrue(fails(IllegalArgumentException.class, "config:list '(broken'").startsWith("invalid LDAP filter '(broken'"));
    }

    @Test
    public void getShowsSortedTypedKeysAndHidesMarksAndSecrets() throws Exception {
        fileApplied("org.acme.shown.toml", "org.acme.shown", String.join("\n",
                "url = \"jdbc:x\"", "port = 5432", "ratio = 0.5", "on = true", "hosts = [\"a\", \"b\"]",
                "[db]", "password = \"hunter2\"", "apiKey = \"k-123\"", ""));
        assertEquals(String.join("\n", "db.apiKey = ********", "db.password = ********", "hosts = [\"a\", \"b\"]",
                "on = true", "port = 5432", "ratio = 0.5", "url = \"jdbc:x\""), run("config:get org.acme.shown"));
        assertEquals("5432", run("config:get org.acme.shown port"));
        assertEquals("********", run("config:get org.acme.shown db.password"));
        assertEquals("a table shows its keys", "db.apiKey = ********\ndb.password = ********", run("config:get org.acme.shown db"));
        assertEquals("no key 'prot' in configuration 'org.acme.shown'; known: port, db.apiKey, db.password, hosts, on, ratio, url",
                fails(IllegalArgumentException.class, "config:get org.acme.shown prot"));
        String daemon = run("config:get io.procdaemon.daemon");
        assertTrue(daemon, daemon.contains("shutdown.graceful = 5000\n"));
        assertFalse(daemon, daemon.contains("procdaemon.config") || daemon.contains("service.pid"));
    }

    @Test
    public void anUnknownPidIsQuotedWithTheCandidates() {
        String message = fails(IllegalArgumentException.class, "config:get io.procdaemon.deamon");
        assertTrue(message, message.startsWith("no configuration 'io.procdaemon.deamon'; known: io.procdaemon.daemon, "));
        assertTrue(fails(IllegalArgumentException.class, "config:set io.procdaemon.deamon shutdown.graceful 3000")
                .startsWith("no configuration 'io.procdaemon.deamon'; known: io.procdaemon.daemon, "));
        assertTrue(fails(IllegalArgumentException.class, "config:unset nope x").startsWith("no configuration 'nope'; known: "));
        assertTrue(fails(IllegalArgumentException.class, "config:delete nope").startsWith("no configuration 'nope'; known: "));
    }

    // ---- set: write-back

    @Test
    public void setWritesBackKeepingCommentsAndAppliesBeforeReturningWithoutAReload() throws Exception {
        String original = String.join("\n", "# The database", "[db] # where", "port = 5432   # the port", "# the host",
                "host = 'db.local'", "", "[pool]", "size = 4", "");
        fileApplied("org.acme.edited.toml", "org.acme.edited", original);
        assertEquals("org.acme.edited: db.port = 6543 (" + shown("org.acme.edited.toml") + " written)",
                run("config:set org.acme.edited db.port 6543"));
        assertEquals(original.replace("port = 5432", "port = 6543"), read("org.acme.edited.toml"));
        assertEquals("applied before the command returned", 6543L, properties("org.acme.edited").get("db.port"));

        run("config:set org.acme.edited db.host other.local");
        run("config:set org.acme.edited db.user admin");
        run("config:set org.acme.edited cache.ttl 30");
        assertEquals(String.join("\n", "# The database", "[db] # where", "port = 6543   # the port", "# the host",
                "host = 'other.local'", "user = \"admin\"", "", "[pool]", "size = 4", "", "[cache]", "ttl = 30", ""),
                read("org.acme.edited.toml"));

        Configuration configuration = configurationAdmin.listConfigurations("(service.pid=org.acme.edited)")[0];
        long changes = configuration.getChangeCount();
        // FileInstall has seen the edits by the time it applies a file written after them
        fileApplied("witness-edited.toml", "witness-edited", "seen = true\n");
        assertEquals("FileInstall's notification of the write-back changed nothing", changes,
                configurationAdmin.listConfigurations("(service.pid=org.acme.edited)")[0].getChangeCount());
        assertEquals(30L, properties("org.acme.edited").get("cache.ttl"));
        try (java.util.stream.Stream<Path> files = Files.list(configDirectory())) {
            assertFalse("no temporary file left", files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    public void typesAreKeptForcedOrReadAsToml() throws Exception {
        fileApplied("org.acme.typed.toml", "org.acme.typed", "port = 1\nname = \"n\"\nratio = 0.5\nhosts = [\"a\"]\n");
        run("config:set org.acme.typed name 8080");
        assertEquals("8080", properties("org.acme.typed").get("name"));
        run("config:set org.acme.typed ratio 2");
        assertEquals(2.0, properties("org.acme.typed").get("ratio"));
        run("config:set org.acme.typed hosts x,y");
        assertArrayEquals(new String[] {"x", "y"}, (String[]) properties("org.acme.typed").get("hosts"));
        run("config:set org.acme.typed hosts [p q]"); // a Gogo list
        assertArrayEquals(new String[] {"p", "q"}, (String[]) properties("org.acme.typed").get("hosts"));
        run("config:set org.acme.typed new.number 8080");
        assertEquals(8080L, properties("org.acme.typed").get("new.number"));
        run("config:set org.acme.typed new.flag true");
        assertEquals(Boolean.TRUE, properties("org.acme.typed").get("new.flag"));
        run("config:set --type string org.acme.typed new.text 8080");
        assertEquals("8080", properties("org.acme.typed").get("new.text"));
        run("config:set -t 'long[]' org.acme.typed new.ports '[1, 2]'");
        assertArrayEquals(new Long[] {1L, 2L}, (Long[]) properties("org.acme.typed").get("new.ports"));

        String before = read("org.acme.typed.toml");
        assertEquals("cannot set 'port': expected long (a whole number), got 'abc'; --type sets another type",
                fails(IllegalArgumentException.class, "config:set org.acme.typed port abc"));
        assertTrue(fails(IllegalArgumentException.class, "config:set -t int org.acme.typed port 1").startsWith("unknown type 'int'; valid: string, long"));
        assertEquals(before, read("org.acme.typed.toml"));
        assertEquals(1L, properties("org.acme.typed").get("port"));
    }

    // ---- the daemon's schema

    @Test
    public void daemonKeysAreValidatedByTheSchemaAndARefusalChangesNothing() throws Exception {
        String before = read("daemon.toml");
        String message = fails(IllegalArgumentException.class, "config:set io.procdaemon.daemon shutdown.graceful 20000");
        assertTrue(message, message.startsWith("refused, "));
        assertTrue(message, message.contains("key 'shutdown.graceful': shutdown.graceful = 20000 (line")
                && message.contains("must be less than shutdown.force = 10000 (default)"));
        message = fails(IllegalArgumentException.class, "config:set io.procdaemon.daemon shutdown.gracefull 3000");
        assertTrue(message, message.contains("unknown key 'shutdown.gracefull'; did you mean 'shutdown.graceful'?; [shutdown] has: graceful, force, kill"));
        message = fails(IllegalArgumentException.class, "config:set io.procdaemon.daemon logging.level loud");
        assertTrue(message, message.contains("valid: one of trace, debug, info, warn, error"));
        assertEquals("the file is unchanged", before, read("daemon.toml"));
        assertEquals(5000L, properties("io.procdaemon.daemon").get("shutdown.graceful"));

        assertEquals("io.procdaemon.daemon: shutdown.graceful = 3000 (" + shown("daemon.toml") + " written)",
                run("config:set io.procdaemon.daemon shutdown.graceful 3000"));
        assertEquals(before + "\n[shutdown]\ngraceful = 3000\n", read("daemon.toml"));
        assertEquals(3000L, properties("io.procdaemon.daemon").get("shutdown.graceful"));
        assertEquals("a live key: no note", "io.procdaemon.daemon: logging.json = true (" + shown("daemon.toml") + " written)",
                run("config:set io.procdaemon.daemon logging.json true"));

        assertTrue(run("config:unset io.procdaemon.daemon shutdown.graceful").endsWith("; back to its default"));
        assertEquals(5000L, properties("io.procdaemon.daemon").get("shutdown.graceful"));
        assertEquals(before + "\n[shutdown]\n\n[logging]\njson = true\n", read("daemon.toml"));
        assertEquals("io.procdaemon.daemon: " + shown("daemon.toml") + " does not set shutdown.kill; nothing changed",
                run("config:unset io.procdaemon.daemon shutdown.kill"));
        run("config:unset io.procdaemon.daemon logging.json");
        assertEquals(before + "\n[shutdown]\n\n[logging]\n", read("daemon.toml"));
        assertTrue("a key that needs a restart says so", run("config:set io.procdaemon.daemon name other")
                .endsWith("; takes effect at the next start"));
    }

    @Test
    public void aMetatypeDescriptionIsCheckedAsForFiles() throws Exception {
        ServiceTracker<Object, Object> metatype = new ServiceTracker<>(context, "org.osgi.service.metatype.MetaTypeService", null);
        metatype.open();
        assertNotNull(metatype.waitForService(TimeUnit.SECONDS.toMillis(BOUND_SECONDS)));
        String message = fails(IllegalArgumentException.class, "config:set --create io.procdaemon.examples.Heartbeat interval 5");
        assertTrue(message, message.contains("key 'interval'") && message.contains("Metatype description of io.procdaemon.examples.Heartbeat"));
        assertFalse(Files.exists(file("io.procdaemon.examples.Heartbeat.toml")));
    }

    // ---- masking

    @Test
    public void secretsAreMaskedInConfirmationsAndErrors() throws Exception {
        fileApplied("org.acme.secret.toml", "org.acme.secret", "db.password = \"hunter2\"\nauth_token = 5\n");
        String confirmation = run("config:set org.acme.secret db.password s3cr3t-value");
        assertEquals("org.acme.secret: db.password = ******** (", confirmation.substring(0, confirmation.indexOf('(') + 1));
        assertFalse(confirmation.contains("s3cr3t"));
        assertEquals("s3cr3t-value", properties("org.acme.secret").get("db.password"));
        String error = fails(IllegalArgumentException.class, "config:set org.acme.secret auth_token not-a-number");
        assertFalse(error, error.contains("not-a-number"));
        assertTrue(error, error.contains("********"));
        // a one-letter secret: masked where it stood, the key's name intact
        String single = fails(IllegalArgumentException.class, "config:set org.acme.secret auth_token e");
        assertTrue(single, single.startsWith("cannot set 'auth_token'"));
        assertFalse(single, single.contains("'e'"));
    }

    // ---- unset and delete

    @Test
    public void unsetRemovesTheLineAndDeleteRemovesFileAndConfiguration() throws Exception {
        fileApplied("org.acme.gone.toml", "org.acme.gone", "# keep me\na = 1 # a\nb = 2\n");
        assertTrue(run("config:unset org.acme.gone a").startsWith("org.acme.gone: a removed ("));
        assertEquals("# keep me\nb = 2\n", read("org.acme.gone.toml"));
        assertNull(properties("org.acme.gone").get("a"));
        assertTrue(fails(IllegalArgumentException.class, "config:unset org.acme.gone a").startsWith("no key 'a' in configuration 'org.acme.gone'; known: b"));

        assertTrue(run("config:delete org.acme.gone").endsWith("org.acme.gone.toml deleted"));
        assertFalse(Files.exists(file("org.acme.gone.toml")));
        assertNull(properties("org.acme.gone"));
    }

    // ---- configurations without a file, factory configurations

    @Test
    public void setOnAConfigurationWithoutAFileCreatesOneHoldingAllItsProperties() throws Exception {
        Configuration made = configurationAdmin.getConfiguration("org.acme.nofile", "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("size", 3); // an Integer, as a bundle may write it
        properties.put("names", new String[] {"x", "y"});
        properties.put("server.host", "h");
        made.update(properties);
        events.awaitUpdate("org.acme.nofile");

        assertTrue(run("config:set org.acme.nofile size 4").endsWith("org.acme.nofile.toml created)"));
        String text = read("org.acme.nofile.toml");
        assertTrue(text, text.startsWith("# Created by config:set on "));
        assertTrue(text, text.endsWith("names = [\"x\", \"y\"]\nsize = 4\n\n[server]\nhost = \"h\"\n"));
        assertEquals(4L, properties("org.acme.nofile").get("size"));
        assertEquals("org.acme.nofile.toml", properties("org.acme.nofile").get("procdaemon.config.file"));

        String message = fails(IllegalArgumentException.class, "config:set org.acme.brand.new key 1");
        assertTrue(message, message.startsWith("no configuration 'org.acme.brand.new'; known: "));
        run("config:set --create org.acme.brand.new size 1");
        assertTrue(read("org.acme.brand.new.toml").endsWith("\nsize = 1\n"));
    }

    @Test
    public void namedFactoryConfigurationsHaveTheirFiles() throws Exception {
        fileApplied("org.acme.pool~primary.toml", "org.acme.pool~primary", "size = 4\n");
        run("config:set org.acme.pool~primary size 8");
        assertEquals("size = 8\n", read("org.acme.pool~primary.toml"));
        assertEquals(8L, properties("org.acme.pool~primary").get("size"));

        Configuration secondary = configurationAdmin.getFactoryConfiguration("org.acme.pool", "secondary", "?");
        secondary.update(new Hashtable<>(java.util.Map.of("size", 2L)));
        events.awaitUpdate("org.acme.pool~secondary");
        run("config:set org.acme.pool~secondary size 3");
        assertTrue(read("org.acme.pool~secondary.toml").endsWith("\nsize = 3\n"));
        assertEquals("org.acme.pool", configurationAdmin.listConfigurations("(service.pid=org.acme.pool~secondary)")[0].getFactoryPid());

        assertTrue(run("config:delete org.acme.pool~secondary").endsWith("org.acme.pool~secondary.toml deleted"));
        assertNull(properties("org.acme.pool~secondary"));
    }

    // ---- what a restart finds

    @Test
    public void aRestartBringsBackWhatWasSetAtRuntime() throws Exception {
        fileApplied("org.acme.restart.toml", "org.acme.restart", "# kept\nvalue = 1\n");
        run("config:set org.acme.restart value 2");
        // A restart that lost ConfigAdmin's store (data/ deleted): only the file can bring the value back.
        Bundle config = installedBundle("io.procdaemon.config");
        config.stop();
        configurationAdmin.listConfigurations("(service.pid=org.acme.restart)")[0].delete();
        events.await("org.acme.restart", org.osgi.service.cm.ConfigurationEvent.CM_DELETED);
        config.start();
        events.awaitUpdate("org.acme.restart");
        assertEquals(2L, properties("org.acme.restart").get("value"));
    }
}
