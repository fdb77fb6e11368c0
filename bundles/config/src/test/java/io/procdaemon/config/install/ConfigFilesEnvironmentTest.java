package io.procdaemon.config.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.procdaemon.config.toml.ConfigFileName;

/**
 * Runtime edits beat the environment: a key of daemon.toml marked as set by config:set over its
 * DAEMON_* variable keeps the file's value while the file still holds the value that edit wrote.
 */
class ConfigFilesEnvironmentTest {

    private static final ConfigFileName DAEMON = ConfigFileName.of("daemon.toml").orElseThrow();

    private final ConfigFiles files = new ConfigFiles(Path.of("etc"), null, Map.of("DAEMON_SHUTDOWN__GRACEFUL", "2000"),
            (id, translation) -> Optional.empty(), "1.0.0", ConfigFiles.DEFAULT_MAX_BYTES);

    private ConfigFiles.Outcome evaluate(String text, Map<String, String> marks) {
        ConfigFiles.Outcome outcome = files.evaluate(DAEMON, "daemon.toml", text, "f", marks);
        assertEquals(List.of(), outcome.problems());
        return outcome;
    }

    @Test
    void withoutAMarkTheEnvironmentOverridesTheFile() {
        ConfigFiles.Outcome outcome = evaluate("[shutdown]\ngraceful = 3000\n", Map.of());
        assertEquals(2000L, outcome.properties().get("shutdown.graceful"));
        assertEquals(Set.of("shutdown.graceful"), outcome.fromEnvironment());
        assertEquals(Map.of(), outcome.overEnvironment());
    }

    @Test
    void aMarkMatchingTheFileKeepsTheRuntimeValue() {
        ConfigFiles.Outcome outcome = evaluate("[shutdown]\ngraceful = 3_000 # set at runtime\n", Map.of("shutdown.graceful", "3000"));
        assertEquals(3000L, outcome.properties().get("shutdown.graceful"));
        assertEquals(Set.of(), outcome.fromEnvironment());
        assertEquals(Map.of("shutdown.graceful", "3000"), outcome.overEnvironment());
    }

    @Test
    void aHandEditOfTheValueOrItsRemovalDropsTheMark() {
        for (String text : List.of("[shutdown]\ngraceful = 4000\n", "")) {
            ConfigFiles.Outcome outcome = evaluate(text, Map.of("shutdown.graceful", "3000"));
            assertEquals(2000L, outcome.properties().get("shutdown.graceful"), text);
            assertEquals(Map.of(), outcome.overEnvironment(), text);
        }
    }

    @Test
    void aMarkForAKeyTheEnvironmentNoLongerOverridesIsDropped() {
        ConfigFiles.Outcome outcome = evaluate("[logging]\nlevel = \"debug\"\n", Map.of("logging.level", "\"debug\""));
        assertEquals("debug", outcome.properties().get("logging.level"));
        assertEquals(Map.of(), outcome.overEnvironment());
        assertTrue(outcome.ok());
    }
}
