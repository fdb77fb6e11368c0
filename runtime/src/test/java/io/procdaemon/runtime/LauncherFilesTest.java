package io.procdaemon.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's file handling, on real files in a temporary home. */
class LauncherFilesTest {

    @TempDir
    Path root;

    private DaemonHome home() throws IOException {
        Files.createDirectories(root.resolve("system"));
        Files.createDirectories(root.resolve("etc"));
        return new DaemonHome(root);
    }

    @Test
    void startupBundlesKeepTheirOrderAndLevels() throws Exception {
        DaemonHome home = home();
        Files.createFile(home.system().resolve("a.jar"));
        Files.createFile(home.system().resolve("b.jar"));
        List<StartupBundles.Entry> entries = StartupBundles.parse(home, "etc/startup.properties",
                List.of("# comment", "", "b.jar = 20", "! also a comment", "a.jar=5"));
        assertEquals(2, entries.size());
        assertEquals(home.system().resolve("b.jar"), entries.get(0).jar());
        assertEquals(20, entries.get(0).startLevel());
        assertEquals(3, entries.get(0).line());
        assertEquals(5, entries.get(1).startLevel());
    }

    @Test
    void startupErrorsNameTheLineAndWhatIsValid() throws Exception {
        DaemonHome home = home();
        Files.createFile(home.system().resolve("a.jar"));
        LaunchException missing = assertThrows(LaunchException.class,
                () -> StartupBundles.parse(home, "etc/startup.properties", List.of("a.jar = 5", "gone.jar = 5")));
        assertEquals(ExitCode.BAD_CONFIGURATION, missing.exitCode());
        assertEquals("etc/startup.properties line 2: bundle system/gone.jar does not exist", missing.getMessage());

        LaunchException level = assertThrows(LaunchException.class,
                () -> StartupBundles.parse(home, "etc/startup.properties", List.of("a.jar = five")));
        assertEquals("etc/startup.properties line 1: start level 'five' of a.jar is not a whole number from 1 to 79",
                level.getMessage());

        assertThrows(LaunchException.class,
                () -> StartupBundles.parse(home, "etc/startup.properties", List.of("a.jar = 80")));
        LaunchException form = assertThrows(LaunchException.class,
                () -> StartupBundles.parse(home, "etc/startup.properties", List.of("a.jar")));
        assertTrue(form.getMessage().contains("is not of the form"), form.getMessage());
        LaunchException escape = assertThrows(LaunchException.class,
                () -> StartupBundles.parse(home, "etc/startup.properties", List.of("../etc/x.jar = 5")));
        assertTrue(escape.getMessage().contains("must name a jar file inside system/"), escape.getMessage());
        LaunchException empty = assertThrows(LaunchException.class,
                () -> StartupBundles.parse(home, "etc/startup.properties", List.of("# nothing")));
        assertEquals("etc/startup.properties lists no bundle", empty.getMessage());
    }

    @Test
    void lockWritesThePidFileAndASecondLockIsRefused() throws Exception {
        DaemonHome home = home();
        Path pidFile = home.data().resolve(InstanceLock.PID_FILE);
        try (InstanceLock lock = InstanceLock.acquire(home)) {
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(pidFile));
            LaunchException second = assertThrows(LaunchException.class, () -> InstanceLock.acquire(home));
            assertEquals(ExitCode.ALREADY_RUNNING, second.exitCode());
            assertTrue(second.getMessage().contains("already running in " + root), second.getMessage());
            assertTrue(second.getMessage().contains("pid " + ProcessHandle.current().pid()), second.getMessage());
        }
        assertFalse(Files.exists(pidFile), "removed on a clean exit");
        assertTrue(Files.exists(home.data().resolve(InstanceLock.LOCK_FILE)), "the lock file stays");
        InstanceLock.acquire(home).close();
    }

    @Test
    void staleFilesOfAKilledDaemonDoNotBlock() throws Exception {
        DaemonHome home = home();
        Files.createDirectories(home.data());
        Files.writeString(home.data().resolve(InstanceLock.PID_FILE), "999999\n");
        Files.writeString(home.data().resolve(InstanceLock.LOCK_FILE), "");
        try (InstanceLock lock = InstanceLock.acquire(home)) {
            assertEquals(ProcessHandle.current().pid() + "\n",
                    Files.readString(home.data().resolve(InstanceLock.PID_FILE)));
        }
    }

    @Test
    void symlinkedPidOrLockFileIsRefusedAndItsTargetUntouched() throws Exception {
        DaemonHome home = home();
        Files.createDirectories(home.data());
        Path target = root.resolve("precious.txt");
        Files.writeString(target, "keep me");
        for (String name : List.of(InstanceLock.PID_FILE, InstanceLock.LOCK_FILE)) {
            Path link = home.data().resolve(name);
            Files.createSymbolicLink(link, target);
            LaunchException refused = assertThrows(LaunchException.class, () -> InstanceLock.acquire(home));
            assertEquals(ExitCode.FAILURE, refused.exitCode());
            assertTrue(refused.getMessage().contains("data/" + name + ": it is a symbolic link"), refused.getMessage());
            assertEquals("keep me", Files.readString(target));
            Files.delete(link);
        }
    }

    @Test
    void frameworkPropertiesLayerDefaultsFileAndSystemProperties() throws Exception {
        DaemonHome home = home();
        Files.writeString(home.etc().resolve("config.properties"), String.join("\n",
                "# comment",
                "felix.fileinstall.poll = 250",
                "felix.fileinstall.dir = ${proc-daemon.home}/hot",
                "custom.key = x"), StandardCharsets.UTF_8);
        String key = "felix.fileinstall.start.level";
        System.setProperty(key, "90");
        try {
            Map<String, String> properties = FrameworkProperties.load(home);
            assertEquals("250", properties.get("felix.fileinstall.poll"), "file over default");
            assertEquals(root + "/hot", properties.get("felix.fileinstall.dir"), "${proc-daemon.home} substituted");
            assertEquals("x", properties.get("custom.key"));
            assertEquals("90", properties.get(key), "system property over default");
            assertEquals("90", properties.get("felix.fileinstall.active.level"),
                    "FileInstall reads deploy/ from the level its bundles get");
            assertEquals(root.resolve("data/cache").toString(), properties.get("org.osgi.framework.storage"));
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void readyTimeoutMustBePositive() {
        assertEquals(60000, assertDoesNotThrowTimeout("60000"));
        LaunchException bad = assertThrows(LaunchException.class,
                () -> FrameworkProperties.readyTimeoutMillis(Map.of(FrameworkProperties.READY_TIMEOUT_MILLISECONDS, "-1")));
        assertEquals(ExitCode.BAD_CONFIGURATION, bad.exitCode());
        assertTrue(bad.getMessage().contains("procdaemon.ready.timeout.ms='-1'"), bad.getMessage());
    }

    private static long assertDoesNotThrowTimeout(String value) {
        try {
            return FrameworkProperties.readyTimeoutMillis(Map.of(FrameworkProperties.READY_TIMEOUT_MILLISECONDS, value));
        } catch (LaunchException e) {
            throw new AssertionError(e);
        }
    }
}
