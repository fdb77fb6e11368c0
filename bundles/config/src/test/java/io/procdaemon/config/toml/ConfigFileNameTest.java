package io.procdaemon.config.toml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigFileNameTest {

    private static ConfigFileName valid(String fileName) {
        Optional<ConfigFileName> name = ConfigFileName.of(fileName);
        assertTrue(name.isPresent(), fileName + " should be configuration");
        assertTrue(ConfigFileName.isConfiguration(fileName), fileName);
        return name.get();
    }

    private static ConfigProblem refused(String fileName) {
        assertTrue(ConfigFileName.isConfiguration(fileName), fileName + " is meant as configuration");
        ConfigFileName.Invalid invalid = assertThrows(ConfigFileName.Invalid.class, () -> ConfigFileName.of(fileName));
        ConfigProblem problem = invalid.problem();
        assertEquals(fileName, problem.file());
        assertEquals(0, problem.line());
        assertEquals(0, problem.column());
        assertEquals("", problem.key());
        assertTrue(problem.message().contains("<pid>.toml or <factoryPid>~<name>.toml"),
                "says what is valid: " + problem.message());
        assertEquals(problem.toString(), invalid.getMessage());
        return problem;
    }

    @Test
    void singletonPid() {
        ConfigFileName name = valid("org.acme.db.toml");
        assertEquals("org.acme.db", name.pid());
        assertEquals("", name.factoryPid());
        assertEquals("", name.name());
        assertFalse(name.isFactory());
        assertEquals("org.acme.db", name.toString());
    }

    @Test
    void hyphenIsNeverSplit() {
        ConfigFileName name = valid("my-service.toml");
        assertEquals("my-service", name.pid());
        assertEquals("", name.factoryPid());
        assertEquals("", name.name());
    }

    @Test
    void daemonTomlIsTheDaemonPid() {
        ConfigFileName name = valid("daemon.toml");
        assertEquals("io.procdaemon.daemon", name.pid());
        assertEquals(ConfigFileName.DAEMON_PID, name.pid());
        assertEquals("", name.factoryPid());
        assertFalse(name.isFactory());
    }

    @Test
    void onlyDaemonTomlExactlyIsRenamed() {
        assertEquals("daemon-x", valid("daemon-x.toml").pid());
        assertEquals("Daemon", valid("Daemon.toml").pid());
        ConfigFileName factory = valid("daemon~x.toml");
        assertEquals("daemon", factory.factoryPid());
        assertEquals("daemon~x", factory.pid());
    }

    @Test
    void namedFactoryConfiguration() {
        ConfigFileName name = valid("org.acme.pool~primary.toml");
        assertEquals("org.acme.pool", name.factoryPid());
        assertEquals("primary", name.name());
        assertEquals("org.acme.pool~primary", name.pid());
        assertTrue(name.isFactory());
    }

    @Test
    void factoryWithHyphensOnBothSides() {
        ConfigFileName name = valid("a-b~c-d.toml");
        assertEquals("a-b", name.factoryPid());
        assertEquals("c-d", name.name());
        assertEquals("a-b~c-d", name.pid());
    }

    @Test
    void nameMayHoldDots() {
        ConfigFileName name = valid("org.acme.pool~eu.west.toml");
        assertEquals("org.acme.pool", name.factoryPid());
        assertEquals("eu.west", name.name());
    }

    @Test
    void equalNamesAreEqual() {
        assertEquals(valid("a~b.toml"), new ConfigFileName("a~b", "a", "b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"db.cfg", "db.config", "db", "", "db.toml~", "#db.toml#", ".db.toml.swp", ".db.toml.swx",
        "db.tmp", "db.toml.tmp", ".db.toml", ".#db.toml", "#db.toml", "db.TOML", "db.toml.bak", "4913", ".hidden"})
    void notConfigurationIsIgnoredNotRefused(String fileName) {
        assertFalse(ConfigFileName.isConfiguration(fileName), fileName);
        assertEquals(Optional.empty(), ConfigFileName.of(fileName));
    }

    @Test
    void emptyPid() {
        assertTrue(refused(".toml").message().contains("the PID is empty"));
    }

    @Test
    void emptyFactoryPid() {
        assertTrue(refused("~x.toml").message().contains("factory PID (before '~') is empty"));
    }

    @Test
    void emptyName() {
        assertTrue(refused("x~.toml").message().contains("name (after '~') is empty"));
    }

    @Test
    void emptyFactoryPidAndName() {
        assertTrue(refused("~.toml").message().contains("factory PID and the name are empty"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a~b~c.toml", "a~~b.toml", "a~b~.toml"})
    void secondTilde(String fileName) {
        assertTrue(refused(fileName).message().contains("more than one '~'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"my service.toml", "a~my name.toml", "tab\there.toml", " db.toml", "db .toml",
        "nbsp\u00a0x.toml", "new\nline.toml"})
    void whitespaceOrControl(String fileName) {
        assertTrue(refused(fileName).message().contains("whitespace or a control character"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b.toml", "a\\b.toml", "pool~a/b.toml", "pool~a\\b.toml"})
    void slashes(String fileName) {
        String message = refused(fileName).message();
        assertTrue(message.contains("holds '/'") || message.contains("holds '\\'"), message);
    }

    @Test
    void problemNamesTheFileAsShown() {
        ConfigFileName.Invalid invalid = assertThrows(ConfigFileName.Invalid.class,
                () -> ConfigFileName.of("my service.toml", "etc/my service.toml"));
        assertEquals("etc/my service.toml", invalid.problem().file());
        assertTrue(invalid.getMessage().startsWith("etc/my service.toml: the name holds whitespace"),
                invalid.getMessage());
    }

    @Test
    void constructorRefusesInconsistentParts() {
        assertThrows(IllegalArgumentException.class, () -> new ConfigFileName("", "", ""));
        assertThrows(IllegalArgumentException.class, () -> new ConfigFileName("a~b", "a", ""));
        assertThrows(IllegalArgumentException.class, () -> new ConfigFileName("a~c", "a", "b"));
        assertThrows(NullPointerException.class, () -> ConfigFileName.of(null));
    }
}
