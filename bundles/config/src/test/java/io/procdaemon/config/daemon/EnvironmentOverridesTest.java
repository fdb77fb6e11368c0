package io.procdaemon.config.daemon;

import static io.procdaemon.config.daemon.DaemonSchemaTest.assertContains;
import static io.procdaemon.config.daemon.DaemonSchemaTest.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.procdaemon.config.toml.ConfigProblem;

class EnvironmentOverridesTest {

    // --- names ---------------------------------------------------------------------------------

    @Test
    void variableNamesUseTwoUnderscoresBetweenSectionAndKey() {
        assertEquals("DAEMON_SHUTDOWN__GRACEFUL", EnvironmentOverrides.variableFor("shutdown.graceful"));
        assertEquals("DAEMON_LOGGING__LEVEL", EnvironmentOverrides.variableFor("logging.level"));
        assertEquals("DAEMON_MONITORING__HEALTH_CHECK_INTERVAL_MS",
                EnvironmentOverrides.variableFor("monitoring.health_check_interval_ms"));
        assertEquals("DAEMON_NAME", EnvironmentOverrides.variableFor("name"));
        assertEquals("DAEMON_LOGGING__FILE", EnvironmentOverrides.variableFor("logging.file"));
        assertEquals("DAEMON_HOT_RELOAD", EnvironmentOverrides.variableFor("hot_reload"));
        assertThrows(IllegalArgumentException.class, () -> EnvironmentOverrides.variableFor("shutdown.timeout"));
        assertThrows(IllegalArgumentException.class, () -> EnvironmentOverrides.variableFor("pid_file"));
    }

    /** Issue 11: a variable for a key of the seed that means nothing here is refused with why. */
    @Test
    void aVariableForARemovedKeyIsRefusedWithWhy() {
        ConfigProblem problem = only(DaemonSchema.resolve(Translations.of(),
                Map.of("DAEMON_PERFORMANCE__WORKER_THREADS", "8")).problems());
        assertEquals("DAEMON_PERFORMANCE__WORKER_THREADS=\"8\" would set performance.worker_threads, which is not a"
                + " setting of this daemon: " + DaemonSchema.removedKeys().get("performance.worker_threads")
                + "; unset the variable", problem.message());
        assertTrue(only(DaemonSchema.resolve(Translations.of(), Map.of("DAEMON_PID_FILE", "/run/d.pid")).problems())
                .message().contains("data/daemon.pid"));
    }

    @Test
    void everyKeyHasItsOwnVariableAndBack() {
        Set<String> seen = new java.util.HashSet<>();
        for (DaemonSchema.Key key : DaemonSchema.keys()) {
            String variable = EnvironmentOverrides.variableFor(key.name());
            assertTrue(seen.add(variable), variable);
            assertEquals(Optional.of(key.name()), EnvironmentOverrides.keyFor(variable));
        }
        assertEquals(Optional.empty(), EnvironmentOverrides.keyFor("DAEMON_SHUTDOWN_GRACEFUL"));
        assertEquals(Optional.empty(), EnvironmentOverrides.keyFor("daemon_shutdown__graceful"));
    }

    // --- values and precedence -----------------------------------------------------------------

    @Test
    void theIssuesExamples() {
        DaemonSchema.Resolution resolution = DaemonSchema.resolve(Translations.of(), Map.of(
                "DAEMON_SHUTDOWN__GRACEFUL", "2000", "DAEMON_LOGGING__LEVEL", "debug",
                "DAEMON_MONITORING__HEALTH_CHECK_INTERVAL_MS", "250"));
        assertEquals(List.of(), resolution.problems());
        assertEquals(2_000L, resolution.properties().get("shutdown.graceful"));
        assertEquals("debug", resolution.properties().get("logging.level"));
        assertEquals(250L, resolution.properties().get("monitoring.health_check_interval_ms"));
        assertEquals(Set.of("shutdown.graceful", "logging.level", "monitoring.health_check_interval_ms"),
                resolution.fromEnvironment());
        assertEquals(DaemonSchema.keys().size(), resolution.properties().size());
    }

    @Test
    void defaultsThenFileThenEnvironment() {
        DaemonSchema.Resolution resolution = DaemonSchema.resolve(Translations.of("shutdown.graceful", 3_000L,
                "shutdown.force", 8_000L, "logging.level", "warn"), Map.of("DAEMON_SHUTDOWN__GRACEFUL", "2000"));
        assertEquals(List.of(), resolution.problems());
        assertEquals(2_000L, resolution.properties().get("shutdown.graceful"), "the environment wins over the file");
        assertEquals(8_000L, resolution.properties().get("shutdown.force"), "the file wins over the default");
        assertEquals(15_000L, resolution.properties().get("shutdown.kill"), "the default");
        assertEquals("warn", resolution.properties().get("logging.level"));
        assertEquals(Set.of("shutdown.graceful"), resolution.fromEnvironment());
    }

    @Test
    void topLevelKeysAndTheirTypes() {
        DaemonSchema.Resolution resolution = DaemonSchema.resolve(Translations.of("name", "from-file"), Map.of(
                "DAEMON_NAME", "edge-7", "DAEMON_LOGGING__FILE", "/srv/edge 7/d.log",
                "DAEMON_HOT_RELOAD", "true", "DAEMON_LOGGING__MAX_FILE_SIZE", " 1048576 ",
                "DAEMON_MONITORING__TRACK_RESOURCES", "false"));
        assertEquals(List.of(), resolution.problems());
        Map<String, Object> properties = resolution.properties();
        assertEquals("edge-7", properties.get("name"));
        assertEquals("/srv/edge 7/d.log", properties.get("logging.file"));
        assertEquals(Boolean.TRUE, properties.get("hot_reload"));
        assertEquals(1_048_576L, properties.get("logging.max_file_size"));
        assertEquals(Boolean.FALSE, properties.get("monitoring.track_resources"));
        assertEquals(List.of("name", "logging.file", "logging.max_file_size", "monitoring.track_resources",
                "hot_reload"), new ArrayList<>(resolution.fromEnvironment()), "schema order");
    }

    @Test
    void anEmptyValueUnsetsAPathButNotTheName() {
        DaemonSchema.Resolution unset = DaemonSchema.resolve(Translations.of("logging.file", "/var/log/d.log"),
                Map.of("DAEMON_LOGGING__FILE", ""));
        assertEquals(List.of(), unset.problems());
        assertEquals("", unset.properties().get("logging.file"));
        ConfigProblem problem = only(DaemonSchema.resolve(Translations.of(), Map.of("DAEMON_NAME", "")).problems());
        assertEquals("DAEMON_NAME=\"\" (overrides name): must not be empty, got \"\"; valid: a non-blank string",
                problem.message());
    }

    @Test
    void otherVariablesAreIgnored() {
        DaemonSchema.Resolution resolution = DaemonSchema.resolve(Translations.of(), Map.of("PATH", "/usr/bin",
                "PROC_DAEMON_HOME", "/opt/pd", "daemon_name", "lower", "XDAEMON_NAME", "x", "JAVA_OPTS", "-Xmx1g"));
        assertEquals(List.of(), resolution.problems());
        assertEquals(Set.of(), resolution.fromEnvironment());
        assertEquals(DaemonSchema.defaults(), resolution.properties());
    }

    @Test
    void theResultCannotBeChanged() {
        DaemonSchema.Resolution resolution = DaemonSchema.resolve(Translations.of(), Map.of("DAEMON_NAME", "x"));
        assertThrows(UnsupportedOperationException.class, () -> resolution.properties().put("name", "y"));
        assertThrows(UnsupportedOperationException.class, () -> resolution.fromEnvironment().add("pid_file"));
    }

    // --- bad values ----------------------------------------------------------------------------

    @Test
    void aValueThatIsNotANumber() {
        DaemonSchema.Resolution resolution = DaemonSchema.resolve(Translations.of("shutdown.graceful", 3_000L),
                Map.of("DAEMON_SHUTDOWN__GRACEFUL", "5s"));
        ConfigProblem problem = only(resolution.problems());
        assertEquals("environment", problem.file());
        assertEquals(0, problem.line());
        assertEquals("shutdown.graceful", problem.key());
        assertEquals("DAEMON_SHUTDOWN__GRACEFUL=\"5s\" (overrides shutdown.graceful): expected a whole number of "
                + "milliseconds, got \"5s\"; valid: 1 to 86400000 milliseconds "
                + "(0 < shutdown.graceful < shutdown.force < shutdown.kill)", problem.message());
        assertTrue(problem.toString().startsWith("environment key 'shutdown.graceful': DAEMON_SHUTDOWN__GRACEFUL="),
                problem.toString());
        assertEquals(3_000L, resolution.properties().get("shutdown.graceful"), "the bad value is not taken");
        assertEquals(Set.of(), resolution.fromEnvironment());
    }

    @Test
    void aDecimalANegativeAndAnOverflow() {
        assertContains(only(DaemonSchema.resolve(Translations.of(), Map.of("DAEMON_MONITORING__METRICS_INTERVAL_MS",
                "2.5")).problems()).message(), "DAEMON_MONITORING__METRICS_INTERVAL_MS=\"2.5\"",
                "expected a whole number of milliseconds", "valid: 0 or more milliseconds");
        assertContains(only(DaemonSchema.resolve(Translations.of(), Map.of("DAEMON_LOGGING__MAX_FILE_SIZE", "-1"))
                .problems()).message(), "DAEMON_LOGGING__MAX_FILE_SIZE=\"-1\"", "must not be negative, got -1",
                "valid: 0 or more bytes");
        assertContains(only(DaemonSchema.resolve(Translations.of(), Map.of("DAEMON_SHUTDOWN__KILL",
                "99999999999999999999")).problems()).message(), "DAEMON_SHUTDOWN__KILL=\"99999999999999999999\"",
                "out of range", "valid: 1 to 86400000 milliseconds");
    }

    @Test
    void aFlagThatIsNotTrueOrFalse() {
        ConfigProblem problem = only(DaemonSchema.resolve(Translations.of(), Map.of("DAEMON_HOT_RELOAD", "yes"))
                .problems());
        assertEquals("hot_reload", problem.key());
        assertEquals("DAEMON_HOT_RELOAD=\"yes\" (overrides hot_reload): expected true or false, got \"yes\"",
                problem.message());
    }

    @Test
    void anInvalidLevel() {
        ConfigProblem problem = only(DaemonSchema.resolve(Translations.of(), Map.of("DAEMON_LOGGING__LEVEL", "DEBUG"))
                .problems());
        assertEquals("logging.level", problem.key());
        assertContains(problem.message(), "DAEMON_LOGGING__LEVEL=\"DEBUG\"", "did you mean \"debug\"?",
                "valid: one of trace, debug, info, warn, error");
    }

    // --- unknown variables -----------------------------------------------------------------------

    @Test
    void oneUnderscoreWhereTwoAreNeeded() {
        ConfigProblem problem = only(DaemonSchema.resolve(Translations.of(), Map.of("DAEMON_SHUTDOWN_GRACEFUL",
                "2000")).problems());
        assertEquals("environment", problem.file());
        assertEquals("", problem.key());
        assertEquals("DAEMON_SHUTDOWN_GRACEFUL=\"2000\" matches no key of io.procdaemon.daemon; did you mean "
                + "DAEMON_SHUTDOWN__GRACEFUL (for shutdown.graceful)?; valid for [shutdown]: DAEMON_SHUTDOWN__GRACEFUL, "
                + "DAEMON_SHUTDOWN__FORCE, DAEMON_SHUTDOWN__KILL (two underscores between section and key)",
                problem.message());
        assertEquals("environment: " + problem.message(), problem.toString());
    }

    @Test
    void aMisspelledKeyWithUnderscores() {
        assertContains(only(DaemonSchema.resolve(Translations.of(), Map.of(
                "DAEMON_MONITORING__HEALTH_CHECK_INTERVAL", "250")).problems()).message(),
                "DAEMON_MONITORING__HEALTH_CHECK_INTERVAL=\"250\" matches no key",
                "did you mean DAEMON_MONITORING__HEALTH_CHECK_INTERVAL_MS",
                "DAEMON_MONITORING__METRICS_INTERVAL_MS");
        assertContains(only(DaemonSchema.resolve(Translations.of(), Map.of("DAEMON_shutdown__graceful", "2000"))
                .problems()).message(), "did you mean DAEMON_SHUTDOWN__GRACEFUL");
    }

    @Test
    void aSectionAloneListsItsVariables() {
        String message = only(DaemonSchema.resolve(Translations.of(), Map.of("DAEMON_LOGGING", "debug")).problems())
                .message();
        assertContains(message, "DAEMON_LOGGING=\"debug\" matches no key", "valid for [logging]: DAEMON_LOGGING__LEVEL");
        assertFalse(message.contains("did you mean"), message);
    }

    @Test
    void aVariableNearlyLikeAKeyListsWhatIsValid() {
        assertContains(only(DaemonSchema.resolve(Translations.of(), Map.of("DAEMON_NAMES", "x")).problems()).message(),
                "DAEMON_NAMES=\"x\" matches no key of io.procdaemon.daemon; did you mean DAEMON_NAME (for name)?");
    }

    @Test
    void problemsComeInTheOrderOfTheVariablesNames() {
        List<ConfigProblem> problems = DaemonSchema.resolve(Translations.of(), Map.of("DAEMON_SHUTDOWN_KILL", "1",
                "DAEMON_LOGGING__LEVL", "1", "DAEMON_NAME", " ", "DAEMON_SHUTDOWN__KILL", "x")).problems();
        List<String> starts = new ArrayList<>();
        for (ConfigProblem problem : problems) {
            starts.add(problem.message().substring(0, problem.message().indexOf('=')));
        }
        assertEquals(List.of("DAEMON_LOGGING__LEVL", "DAEMON_NAME", "DAEMON_SHUTDOWN_KILL", "DAEMON_SHUTDOWN__KILL"),
                starts);
    }

    @Test
    void readAloneTellsValuesVariablesAndProblems() {
        EnvironmentOverrides.Overrides overrides = EnvironmentOverrides.read(Map.of("DAEMON_SHUTDOWN__FORCE", "7000",
                "DAEMON_SHUTDOWN__KILL", "soon", "HOME", "/root"));
        assertEquals(Map.of("shutdown.force", 7_000L), overrides.values());
        assertEquals(Map.of("shutdown.force", "DAEMON_SHUTDOWN__FORCE", "shutdown.kill", "DAEMON_SHUTDOWN__KILL"),
                overrides.variables());
        assertEquals(1, overrides.problems().size(), overrides.problems().toString());
        assertEquals("shutdown.kill", overrides.problems().get(0).key());
    }

    // --- rules across keys on the effective values -----------------------------------------------

    @Test
    void anOverrideThatBreaksTheLadderIsLocatedAtTheEnvironment() {
        ConfigProblem problem = only(DaemonSchema.resolve(Translations.of(), Map.of("DAEMON_SHUTDOWN__GRACEFUL",
                "20000")).problems());
        assertEquals("environment", problem.file());
        assertEquals("shutdown.graceful", problem.key());
        assertEquals("shutdown.graceful = 20000 (DAEMON_SHUTDOWN__GRACEFUL) must be less than shutdown.force = 10000 "
                + "(default); valid: 0 < shutdown.graceful < shutdown.force < shutdown.kill", problem.message());
    }

    @Test
    void anOverrideAgainstAFileValueNamesTheFilesLine() {
        ConfigProblem problem = only(DaemonSchema.resolve(Translations.of("name", "x", "shutdown.force", 8_000L),
                Map.of("DAEMON_SHUTDOWN__GRACEFUL", "9000")).problems());
        assertEquals("environment", problem.file());
        assertContains(problem.message(), "shutdown.graceful = 9000 (DAEMON_SHUTDOWN__GRACEFUL)",
                "shutdown.force = 8000 (line 2)");
    }

    @Test
    void theEnvironmentMayCarryALadderTheFileAloneWouldBreak() {
        var file = Translations.of("shutdown.graceful", 30_000L);
        assertEquals(1, DaemonSchema.validate(file).size(), "alone, over the defaults, the file breaks the ladder");
        DaemonSchema.Resolution resolution = DaemonSchema.resolve(file, Map.of("DAEMON_SHUTDOWN__FORCE", "60000",
                "DAEMON_SHUTDOWN__KILL", "90000"));
        assertEquals(List.of(), resolution.problems());
        assertEquals(30_000L, resolution.properties().get("shutdown.graceful"));
        assertEquals(60_000L, resolution.properties().get("shutdown.force"));
    }

    @Test
    void aZeroIntervalFromTheEnvironmentWhileTheFeatureIsOn() {
        assertContains(only(DaemonSchema.resolve(Translations.of(), Map.of("DAEMON_MONITORING__METRICS_INTERVAL_MS",
                "0")).problems()).message(), "monitoring.metrics_interval_ms = 0 (DAEMON_MONITORING__METRICS_INTERVAL_MS)",
                "monitoring.enable_metrics = true (default)");
        assertEquals(List.of(), DaemonSchema.resolve(Translations.of(), Map.of("DAEMON_MONITORING__METRICS_INTERVAL_MS",
                "0", "DAEMON_MONITORING__ENABLE_METRICS", "false")).problems());
    }

    @Test
    void fileAndEnvironmentProblemsComeTogether() {
        List<ConfigProblem> problems = DaemonSchema.resolve(Translations.of("logging.level", "loud"),
                Map.of("DAEMON_SHUTDOWN_GRACEFUL", "1")).problems();
        assertEquals(2, problems.size(), problems.toString());
        assertEquals("etc/daemon.toml", problems.get(0).file());
        assertEquals("environment", problems.get(1).file());
    }

    /** The docs promise it: every DAEMON_ variable that names no key is refused, with what is valid. */
    @Test
    void everyDaemonVariableThatNamesNoKeyIsRefusedWithTheValidNames() {
        List<ConfigProblem> problems = DaemonSchema.resolve(Translations.of(), Map.of("DAEMON_FOO", "1", "DAEMON_OPTS", "-x"))
                .problems();
        assertEquals(2, problems.size(), problems.toString());
        assertEquals("environment", problems.get(0).file());
        String foo = problems.get(0).message();
        assertTrue(foo.startsWith("DAEMON_FOO=\"1\" matches no key of io.procdaemon.daemon; valid: DAEMON_NAME"), foo);
        assertTrue(foo.contains("DAEMON_<SECTION>__<KEY> with SECTION one of"), foo);
        assertTrue(problems.get(1).message().startsWith("DAEMON_OPTS=\"-x\" matches no key"), problems.get(1).message());
    }
}
