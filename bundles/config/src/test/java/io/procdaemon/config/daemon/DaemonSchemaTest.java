package io.procdaemon.config.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.procdaemon.config.toml.ConfigProblem;
import io.procdaemon.config.toml.Translation;

class DaemonSchemaTest {

    // --- the table -----------------------------------------------------------------------------

    @Test
    void theKeysAreTheSeedsWithItsDefaults() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("name", "proc-daemon");
        expected.put("logging.level", "info");
        expected.put("logging.json", false);
        expected.put("logging.color", true);
        expected.put("logging.file", "");
        expected.put("logging.max_file_size", 104_857_600L);
        expected.put("logging.max_files", 5L);
        expected.put("logging.levels", "");
        expected.put("shutdown.graceful", 5_000L);
        expected.put("shutdown.force", 10_000L);
        expected.put("shutdown.kill", 15_000L);
        expected.put("monitoring.enable_metrics", true);
        expected.put("monitoring.metrics_interval_ms", 1_000L);
        expected.put("monitoring.track_resources", true);
        expected.put("monitoring.health_checks", true);
        expected.put("monitoring.health_check_interval_ms", 5_000L);
        for (String limit : List.of("rss_soft_mib", "rss_hard_mib", "heap_soft_mib", "heap_hard_mib", "threads_soft",
                "threads_hard", "open_files_soft", "open_files_hard", "cpu_soft_percent", "cpu_hard_percent")) {
            expected.put("resources." + limit, 0L);
        }
        expected.put("resources.on_hard_limit", "shutdown");
        expected.put("resources.restart_subsystem", "");
        expected.put("flight_recorder.enabled", false);
        expected.put("flight_recorder.max_size_mib", 16L);
        expected.put("flight_recorder.max_age_seconds", 600L);
        expected.put("flight_recorder.max_dumps", 10L);
        expected.put("flight_recorder.min_dump_interval_seconds", 60L);
        expected.put("http.enabled", false);
        expected.put("http.host", "127.0.0.1");
        expected.put("http.port", 9_180L);
        expected.put("hot_reload", false);
        assertEquals(expected, DaemonSchema.defaults());
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(DaemonSchema.defaults().keySet()),
                "schema order");
    }

    @Test
    void everyDefaultHasItsKeysTypeAndIsValid() {
        for (DaemonSchema.Key key : DaemonSchema.keys()) {
            Class<?> type = switch (key.type()) {
                case INTEGER -> Long.class;
                case BOOLEAN -> Boolean.class;
                case STRING -> String.class;
            };
            assertEquals(type, key.defaultValue().getClass(), key.name());
        }
        assertEquals(List.of(), DaemonSchema.validate(Translations.of(flatten(DaemonSchema.defaults()))));
    }

    @Test
    void whatAppliesLiveAndWhatNeedsARestart() {
        for (String key : List.of("shutdown.graceful", "shutdown.force", "shutdown.kill", "logging.level",
                "logging.file", "logging.json", "logging.color", "logging.max_file_size", "logging.max_files",
                "logging.levels", "monitoring.metrics_interval_ms", "monitoring.health_check_interval_ms", "monitoring.enable_metrics",
                "monitoring.track_resources", "monitoring.health_checks")) {
            assertTrue(DaemonSchema.appliesLive(key), key);
        }
        for (String key : List.of("name", "hot_reload")) {
            assertFalse(DaemonSchema.appliesLive(key), key);
        }
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> DaemonSchema.appliesLive("shutdown.timeout"));
        assertTrue(unknown.getMessage().contains("shutdown.timeout"), unknown.getMessage());
    }

    @Test
    void changedKeysNeedingARestartAreListedInSchemaOrder() {
        Map<String, Object> before = DaemonSchema.defaults();
        Map<String, Object> after = DaemonSchema.withDefaults(Map.of("shutdown.graceful", 2_000L, "logging.file",
                "/var/log/d.log", "name", "other", "logging.level", "debug"));
        assertEquals(List.of("name"), DaemonSchema.changedNeedingRestart(before, after));
        assertEquals(List.of(), DaemonSchema.changedNeedingRestart(after, after));
        Map<String, Object> withInteger = new LinkedHashMap<>(before);
        withInteger.put("logging.max_files", 5);
        assertEquals(List.of(), DaemonSchema.changedNeedingRestart(before, withInteger), "5 and 5L are the same");
    }

    // --- withDefaults ----------------------------------------------------------------------------

    @Test
    void withDefaultsHasEveryKeyAndTheFilesValuesWin() {
        Map<String, Object> values = DaemonSchema.withDefaults(Map.of("shutdown.graceful", 2_000L,
                "logging.level", "warn", "logging.json", true, "logging.file", "/srv/d.log"));
        assertEquals(DaemonSchema.keys().size(), values.size());
        assertEquals(2_000L, values.get("shutdown.graceful"));
        assertEquals("warn", values.get("logging.level"));
        assertEquals(true, values.get("logging.json"));
        assertEquals("/srv/d.log", values.get("logging.file"));
        assertEquals(10_000L, values.get("shutdown.force"));
        assertEquals("proc-daemon", values.get("name"));
        assertEquals(DaemonSchema.defaults(), DaemonSchema.withDefaults(Map.of()));
    }

    @Test
    void withDefaultsMakesLongsAndLeavesUnknownKeysOut() {
        Map<String, Object> values = DaemonSchema.withDefaults(Map.of("logging.max_files", 7, "service.pid",
                "io.procdaemon.daemon"));
        assertEquals(7L, values.get("logging.max_files"));
        assertEquals(Long.class, values.get("logging.max_files").getClass());
        assertFalse(values.containsKey("service.pid"));
    }

    @Test
    void withDefaultsRefusesAValueThatValidationWouldRefuse() {
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> DaemonSchema.withDefaults(Map.of("shutdown.graceful", "5s")));
        assertTrue(wrong.getMessage().contains("shutdown.graceful"), wrong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DaemonSchema.withDefaults(Map.of("logging.max_files", 0L)));
    }

    // --- validate: what is fine ------------------------------------------------------------------

    @Test
    void anEmptyFileAndAPartialFileAreValid() {
        assertEquals(List.of(), DaemonSchema.validate(Translations.of()));
        assertEquals(List.of(), DaemonSchema.validate(Translations.of("name", "edge-7", "shutdown.graceful", 2_000L,
                "logging.file", "", "hot_reload", true)));
    }

    @Test
    void theLadderMayMoveAsAWhole() {
        assertEquals(List.of(), DaemonSchema.validate(Translations.of("shutdown.graceful", 20_000L,
                "shutdown.force", 30_000L, "shutdown.kill", 40_000L)));
        assertEquals(List.of(), DaemonSchema.validate(Translations.of("shutdown.graceful", 1L, "shutdown.force", 2L,
                "shutdown.kill", 3L)));
    }

    @Test
    void anIntervalMayBeZeroWhileItsFeatureIsOff() {
        assertEquals(List.of(), DaemonSchema.validate(Translations.of("monitoring.enable_metrics", false,
                "monitoring.metrics_interval_ms", 0L, "monitoring.health_checks", false,
                "monitoring.health_check_interval_ms", 0L)));
    }

    // --- validate: unknown keys ------------------------------------------------------------------

    @Test
    void anUnknownKeyIsNamedWithTheClosestAndItsSectionsKeys() {
        ConfigProblem problem = only(DaemonSchema.validate(Translations.of("name", "x", "shutdown.gracefull", 5_000L)));
        assertEquals(Translations.FILE, problem.file());
        assertEquals(2, problem.line());
        assertEquals(1, problem.column());
        assertEquals("shutdown.gracefull", problem.key());
        assertContains(problem.message(), "unknown key 'shutdown.gracefull'", "did you mean 'shutdown.graceful'?",
                "[shutdown] has: graceful, force, kill");
        assertEquals("etc/daemon.toml line 2, column 1, key 'shutdown.gracefull': " + problem.message(),
                problem.toString());
    }

    @Test
    void anUnknownKeyWithNothingCloseListsTheSection() {
        ConfigProblem problem = only(DaemonSchema.validate(Translations.of("logging.rotation", "daily")));
        assertContains(problem.message(), "unknown key 'logging.rotation'",
                "[logging] has: level, json, color, file, max_file_size, max_files");
        assertFalse(problem.message().contains("did you mean"), problem.message());
    }

    @Test
    void theSeedsExampleNamesOfTheShutdownKeysPointAtOurs() {
        List<ConfigProblem> problems = DaemonSchema.validate(Translations.of("shutdown.timeout_ms", 30_000L,
                "shutdown.force_timeout_ms", 45_000L, "shutdown.kill_timeout_ms", 60_000L));
        assertEquals(3, problems.size(), problems.toString());
        assertContains(problems.get(0).message(), "did you mean 'shutdown.graceful'?");
        assertContains(problems.get(1).message(), "did you mean 'shutdown.force'?");
        assertContains(problems.get(2).message(), "did you mean 'shutdown.kill'?");
    }

    @Test
    void anUnknownSectionIsNamedWithTheClosest() {
        ConfigProblem problem = only(DaemonSchema.validate(Translations.of("shutdwn.graceful", 5_000L)));
        assertEquals("shutdwn.graceful", problem.key());
        assertContains(problem.message(), "there is no section [shutdwn]", "did you mean [shutdown]?",
                "sections: [logging], [shutdown], [monitoring]");
    }

    @Test
    void anUnknownTopLevelKeyIsNamedWithTheClosest() {
        ConfigProblem problem = only(DaemonSchema.validate(Translations.of("nmae", "x")));
        assertContains(problem.message(), "unknown key 'nmae'", "did you mean 'name'?",
                "top-level keys: name, hot_reload");
        assertContains(only(DaemonSchema.validate(Translations.of("hotreload", true))).message(),
                "did you mean 'hot_reload'?");
    }

    @Test
    void aSectionWrittenAsAValueOrAValueAsASection() {
        assertContains(only(DaemonSchema.validate(Translations.of("shutdown", 5_000L))).message(),
                "'shutdown' is a section, not a value", "graceful, force, kill");
        assertContains(only(DaemonSchema.validate(Translations.of("name.first", "x"))).message(),
                "unknown key 'name.first'", "'name' is a plain value, not a section");
    }

    @Test
    void aKeyNestedTooDeepIsUnknownAndPointsAtItsParent() {
        assertContains(only(DaemonSchema.validate(Translations.of("shutdown.graceful.ms", 5_000L))).message(),
                "unknown key 'shutdown.graceful.ms'", "did you mean 'shutdown.graceful'?");
    }

    // --- validate: types -------------------------------------------------------------------------

    @Test
    void aStringWhereMillisecondsAreExpected() {
        ConfigProblem problem = only(DaemonSchema.validate(Translations.of("name", "a", "shutdown.graceful", "5s")));
        assertEquals("shutdown.graceful", problem.key());
        assertEquals(2, problem.line());
        assertContains(problem.message(), "expected a whole number of milliseconds, got a string (\"5s\")",
                "valid: 1 to 86400000 milliseconds");
    }

    @Test
    void aDecimalWhereAWholeNumberIsExpected() {
        assertContains(only(DaemonSchema.validate(Translations.of("logging.max_file_size", 1.5e8))).message(),
                "expected a whole number of bytes, got a decimal number (1.5E8)");
    }

    @Test
    void aStringWhereAFlagIsExpected() {
        ConfigProblem problem = only(DaemonSchema.validate(Translations.of("logging.json", "yes")));
        assertEquals("logging.json", problem.key());
        assertEquals("expected true or false, got a string (\"yes\")", problem.message());
    }

    @Test
    void aNumberWhereTextIsExpectedAndAnArray() {
        assertEquals("expected a string, got a whole number (3); valid: a non-blank string",
                only(DaemonSchema.validate(Translations.of("name", 3L))).message());
        assertContains(only(DaemonSchema.validate(Translations.of("logging.level", new String[] {"info"}))).message(),
                "got an array", "one of trace, debug, info, warn, error");
        assertContains(only(DaemonSchema.validate(Translations.of("logging.file", true))).message(),
                "expected a string (a path), got a boolean (true)");
        assertContains(only(DaemonSchema.validate(Translations.of("monitoring.track_resources", List.of(true))))
                .message(), "expected true or false, got an array");
    }

    // --- validate: values ------------------------------------------------------------------------

    @Test
    void anInvalidLevelNamesTheValueAndTheValidOnes() {
        ConfigProblem problem = only(DaemonSchema.validate(Translations.of("logging.level", "verbose")));
        assertEquals("logging.level", problem.key());
        assertEquals("invalid value \"verbose\"; valid: one of trace, debug, info, warn, error", problem.message());
        assertContains(only(DaemonSchema.validate(Translations.of("logging.level", "INFO"))).message(),
                "invalid value \"INFO\"", "did you mean \"info\"?", "trace, debug, info, warn, error");
        assertContains(only(DaemonSchema.validate(Translations.of("logging.level", "warning"))).message(),
                "did you mean \"warn\"?");
    }

    @Test
    void negativeTimeoutsAndSizesAreRefused() {
        assertEquals("must be greater than 0, got -1; valid: 1 to 86400000 milliseconds "
                + "(0 < shutdown.graceful < shutdown.force < shutdown.kill)",
                only(DaemonSchema.validate(Translations.of("shutdown.graceful", -1L))).message());
        assertContains(only(DaemonSchema.validate(Translations.of("logging.max_file_size", -1L))).message(),
                "must not be negative, got -1", "valid: 0 or more bytes (0: no size limit)");
        assertContains(only(DaemonSchema.validate(Translations.of("monitoring.metrics_interval_ms", -5L))).message(),
                "must not be negative, got -5");
        assertContains(only(DaemonSchema.validate(Translations.of("monitoring.health_check_interval_ms", -5L)))
                .message(), "must not be negative, got -5");
        assertContains(only(DaemonSchema.validate(Translations.of("logging.max_files", -1L))).message(),
                "must be greater than 0, got -1", "1 to 2147483647 files");
    }

    @Test
    void shutdownDeadlinesBeyondADayAreRefusedBeforeTheyOverflowTheLadder() {
        assertContains(only(DaemonSchema.validate(Translations.of("shutdown.kill", Long.MAX_VALUE))).message(),
                "must be at most 86400000, got " + Long.MAX_VALUE, "1 to 86400000 milliseconds");
    }

    @Test
    void zeroAndTooLargeWhereTheyAreInvalid() {
        assertContains(only(DaemonSchema.validate(Translations.of("shutdown.graceful", 0L))).message(),
                "must be greater than 0, got 0");
        assertContains(only(DaemonSchema.validate(Translations.of("logging.max_files", 0L))).message(),
                "must be greater than 0, got 0", "1 to 2147483647 files");
        assertContains(only(DaemonSchema.validate(Translations.of("logging.max_files", 3_000_000_000L))).message(),
                "must be at most 2147483647, got 3000000000");
        assertEquals(List.of(), DaemonSchema.validate(Translations.of("logging.max_file_size", 0L,
                "logging.max_files", 2_147_483_647L)));
    }

    /**
     * Issue 11: keys of the seed that act on nothing here are gone, and a file that sets one is
     * refused with why (before, they were accepted and did nothing).
     */
    @Test
    void theSeedsKeysThatMeanNothingHereAreRefusedWithWhy() {
        assertEquals(List.of("performance.lock_free", "performance.memory_pool_size", "performance.numa_aware",
                "performance.thread_pinning", "performance.worker_threads", "pid_file", "work_dir"),
                DaemonSchema.removedKeys().keySet().stream().sorted().toList());
        for (Map.Entry<String, String> removed : DaemonSchema.removedKeys().entrySet()) {
            assertTrue(DaemonSchema.key(removed.getKey()).isEmpty(), removed.getKey());
            ConfigProblem problem = only(DaemonSchema.validate(Translations.of(removed.getKey(), 4L)));
            assertEquals(removed.getKey(), problem.key());
            assertEquals("'" + removed.getKey() + "' is not a setting of this daemon: " + removed.getValue()
                    + "; delete the line", problem.message());
        }
        assertContains(only(DaemonSchema.validate(Translations.of("performance.worker_threads", 8L))).message(),
                "there is no worker pool", "subsystem.thread");
        assertContains(only(DaemonSchema.validate(Translations.of("pid_file", "/run/d.pid"))).message(),
                "data/daemon.pid", "PIDFile=");
    }

    @Test
    void aSoftLimitMustBeUnderItsHardOneAndARestartNeedsItsSubsystem() {
        assertEquals(List.of(), DaemonSchema.validate(Translations.of("resources.rss_soft_mib", 100L,
                "resources.rss_hard_mib", 200L, "resources.threads_soft", 500L, "resources.cpu_hard_percent", 150L)));
        assertContains(only(DaemonSchema.validate(Translations.of("resources.rss_soft_mib", 300L,
                "resources.rss_hard_mib", 200L))).message(), "resources.rss_soft_mib = 300 (line 1) must be less than"
                + " resources.rss_hard_mib = 200 (line 2)");
        ConfigProblem restart = only(DaemonSchema.validate(Translations.of("resources.on_hard_limit", "restart")));
        assertEquals("resources.on_hard_limit", restart.key());
        assertContains(restart.message(), "needs the subsystem to restart", "resources.restart_subsystem");
        assertEquals(List.of(), DaemonSchema.validate(Translations.of("resources.on_hard_limit", "restart",
                "resources.restart_subsystem", "worker")));
        assertContains(only(DaemonSchema.validate(Translations.of("resources.on_hard_limit", "kill"))).message(),
                "one of shutdown, heapdump, restart");
    }

    @Test
    void aBlankNameIsRefusedButAnEmptyPathMeansNotSet() {
        assertEquals("must not be empty, got \" \"; valid: a non-blank string",
                only(DaemonSchema.validate(Translations.of("name", " "))).message());
        assertEquals(List.of(), DaemonSchema.validate(Translations.of("logging.file", "")));
    }

    // --- validate: rules across keys -------------------------------------------------------------

    @Test
    void gracefulAboveTheDefaultForceNamesBothKeysAndValues() {
        ConfigProblem problem = only(DaemonSchema.validate(Translations.of("name", "x", "shutdown.graceful", 12_000L)));
        assertEquals("shutdown.graceful", problem.key());
        assertEquals(2, problem.line());
        assertEquals("shutdown.graceful = 12000 (line 2) must be less than shutdown.force = 10000 (default); "
                + "valid: 0 < shutdown.graceful < shutdown.force < shutdown.kill", problem.message());
    }

    @Test
    void equalDeadlinesAreRefusedAtTheLaterKey() {
        ConfigProblem problem = only(DaemonSchema.validate(Translations.of("shutdown.graceful", 8_000L,
                "shutdown.force", 8_000L)));
        assertEquals("shutdown.force", problem.key());
        assertEquals(2, problem.line());
        assertContains(problem.message(), "shutdown.graceful = 8000 (line 1)", "shutdown.force = 8000 (line 2)",
                "must be less than");
    }

    @Test
    void forceAtOrAboveKill() {
        ConfigProblem problem = only(DaemonSchema.validate(Translations.of("shutdown.force", 20_000L)));
        assertEquals("shutdown.force", problem.key());
        assertContains(problem.message(), "shutdown.force = 20000 (line 1) must be less than shutdown.kill = 15000 "
                + "(default)");
    }

    @Test
    void aWhollyReversedLadderGivesBothProblems() {
        List<ConfigProblem> problems = DaemonSchema.validate(Translations.of("shutdown.graceful", 3_000L,
                "shutdown.force", 2_000L, "shutdown.kill", 1_000L));
        assertEquals(2, problems.size(), problems.toString());
        assertEquals("shutdown.force", problems.get(0).key());
        assertContains(problems.get(0).message(), "shutdown.graceful = 3000", "shutdown.force = 2000");
        assertEquals("shutdown.kill", problems.get(1).key());
        assertContains(problems.get(1).message(), "shutdown.force = 2000", "shutdown.kill = 1000");
    }

    @Test
    void aKeyWithItsOwnProblemIsLeftOutOfTheLadder() {
        List<ConfigProblem> problems = DaemonSchema.validate(Translations.of("shutdown.graceful", "late",
                "shutdown.force", 1_000L));
        assertEquals(1, problems.size(), problems.toString());
        assertContains(problems.get(0).message(), "expected a whole number of milliseconds");
    }

    @Test
    void aZeroIntervalWhileItsFeatureIsOn() {
        ConfigProblem metrics = only(DaemonSchema.validate(Translations.of("monitoring.metrics_interval_ms", 0L)));
        assertEquals("monitoring.metrics_interval_ms", metrics.key());
        assertEquals("monitoring.metrics_interval_ms = 0 (line 1) while monitoring.enable_metrics = true (default): "
                + "metrics need an interval; valid: 1 or more milliseconds, or monitoring.enable_metrics = false",
                metrics.message());
        ConfigProblem health = only(DaemonSchema.validate(Translations.of("monitoring.health_checks", true,
                "monitoring.health_check_interval_ms", 0L)));
        assertEquals("monitoring.health_check_interval_ms", health.key());
        assertContains(health.message(), "monitoring.health_checks = true (line 1)",
                "monitoring.health_check_interval_ms = 0 (line 2)");
    }

    @Test
    void everyProblemIsReportedNotOnlyTheFirst() {
        List<ConfigProblem> problems = DaemonSchema.validate(Translations.of("nmae", "x", "logging.level", "loud",
                "shutdown.graceful", -1L, "shutdown.kill", 9_000L, "performance.lock_free", "yes"));
        List<String> keys = new ArrayList<>();
        for (ConfigProblem problem : problems) {
            keys.add(problem.key());
        }
        assertEquals(List.of("nmae", "logging.level", "shutdown.graceful", "performance.lock_free", "shutdown.kill"),
                keys, problems.toString());
    }

    @Test
    void aKeyWithoutPositionIsReportedWithoutLine() {
        Translation translation = new Translation("etc/daemon.toml", Map.of("logging.level", "loud"), Map.of(),
                List.of());
        ConfigProblem problem = only(DaemonSchema.validate(translation));
        assertEquals(0, problem.line());
        assertTrue(problem.toString().startsWith("etc/daemon.toml key 'logging.level': invalid value"),
                problem.toString());
    }

    // --- helpers ---------------------------------------------------------------------------------

    static ConfigProblem only(List<ConfigProblem> problems) {
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0);
    }

    static void assertContains(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), "expected <" + part + "> in <" + text + ">");
        }
    }

    private static Object[] flatten(Map<String, Object> values) {
        List<Object> pairs = new ArrayList<>();
        values.forEach((key, value) -> {
            pairs.add(key);
            pairs.add(value);
        });
        return pairs.toArray();
    }
}
