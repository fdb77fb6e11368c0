package io.procdaemon.itests.process;

import static io.procdaemon.itests.process.DistributionHome.isRunning;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Test;

/** {@code start}, {@code status}, {@code stop}: the background life cycle, on each JDK of the machine. */
public class StartStopTest extends ProcessTestSupport {

    static final Path JDK_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    /** The shell's style of durations (daemon:status): 1d 02h, 3h 04m, 5m 06s, 7s; not 0d 00h 00m 07s. */
    private static final Pattern UPTIME = Pattern.compile("uptime (\\d+d \\d{2}h|\\d+h \\d{2}m|\\d+m \\d{2}s|\\d+s), ");

    @Test
    public void startStatusStopWithTheDefaultJava() throws Exception {
        startStatusStop(Map.of(), null);
    }

    @Test
    public void startStatusStopOnJdk17() throws Exception {
        assumeTrue(JDK_17 + " is not installed", Files.isExecutable(JDK_17.resolve("bin/java")));
        startStatusStop(Map.of("JAVA_HOME", JDK_17.toString()), "java 17");
    }

    @Test
    public void startStatusStopOnJdk25() throws Exception {
        assumeTrue(JDK_25 + " is not installed", Files.isExecutable(JDK_25.resolve("bin/java")));
        startStatusStop(Map.of("JAVA_HOME", JDK_25.toString()), "java 25");
    }

    /**
     * @param javaHome JAVA_HOME to run with, or none to use the environment's
     * @param javaVersion what the ready line must say about the Java in use, or {@code null}
     */
    private void startStatusStop(Map<String, String> javaHome, String javaVersion) throws Exception {
        Map<String, String> env = new HashMap<>(javaHome);
        DistributionHome.Result start = home.launcher(env, "start").assertExit(OK);

        // start returns once data/daemon.ready holds the daemon's pid; the pid file says the same.
        String pid = home.readTrimmed("data/daemon.pid");
        assertNotNull("data/daemon.pid after start; output:\n" + start.output(), pid);
        assertEquals("data/daemon.ready holds the pid of data/daemon.pid", pid, home.readTrimmed("data/daemon.ready"));
        assertTrue(start.output(), start.output().contains("pid " + pid));
        assertTrue("daemon pid " + pid + " is running", isRunning(Long.parseLong(pid)));
        String ready = home.awaitLogLine("proc-daemon ready in ");
        assertTrue(ready, ready.contains("(pid " + pid + ","));
        if (javaVersion != null) {
            assertTrue("the ready line names the Java in use: " + ready, ready.contains(javaVersion));
        }

        DistributionHome.Result status = home.launcher(env, "status").assertExit(OK);
        assertTrue(status.output(), status.output().contains("is running (pid " + pid + ","));
        assertTrue("status shows an uptime: " + status.output(), UPTIME.matcher(status.output()).find());

        DistributionHome.Result stop = home.launcher(env, "stop").assertExit(OK);
        assertTrue(stop.output(), stop.output().contains("stopped (pid " + pid + ")"));
        assertFalse("daemon pid " + pid + " has exited when stop returns", isRunning(Long.parseLong(pid)));
        assertFalse("data/daemon.pid removed", Files.exists(home.path("data/daemon.pid")));
        assertFalse("data/daemon.ready removed", Files.exists(home.path("data/daemon.ready")));
        String log = home.log();
        assertNotNull("clean exit logged:\n" + log, DistributionHome.firstLine(log, "proc-daemon stopped; exit code 0"));
        assertNotNull("TERM from stop:\n" + log, DistributionHome.firstLine(log, "reason=Signal(15)"));

        DistributionHome.Result after = home.launcher(env, "status").assertExit(NOT_RUNNING);
        assertTrue(after.output(), after.output().contains("not running"));
        assertFalse("no stale pid file reported after a clean stop: " + after.output(), after.output().contains("stale"));
    }

    /**
     * The class-data archive in data/cds/ holds the classes of lib/ and of system/'s bundles as
     * they were recorded. After lib/ changed (an upgrade in place) JDK 17 dropped it at every
     * start, silently, and the launcher never recorded another; after system/ changed every JDK
     * loaded the changed bundles' classes from their jars again. Each change now gets an archive
     * of its own, and a start with {@code -Xshare:on} (which refuses to start without a usable
     * archive) shows that the one in use matches. Runs on the Java of the build (17, then the
     * newest in CI).
     */
    @Test
    public void anUpgradeInPlaceGetsAClassDataArchiveOfItsOwn() throws Exception {
        List<Path> first = startAndStopForTheArchives();
        assertEquals("one archive recorded: " + first, 1, first.size());

        touch("lib", "proc-daemon-runtime-*.jar");
        List<Path> second = startAndStopForTheArchives();
        assertEquals("one archive, for the new lib/: " + second, 1, second.size());
        assertFalse("recorded anew: " + second, second.equals(first));

        touch("system", "proc-daemon-core-*.jar");
        List<Path> third = startAndStopForTheArchives();
        assertEquals("one archive, for the new system/: " + third, 1, third.size());
        assertFalse("recorded anew: " + third, third.equals(second));

        Map<String, String> shareOn = Map.of("JAVA_OPTS", "-Xshare:on");
        home.launcher(shareOn, "start").assertExit(OK); // "Unable to use shared archive" otherwise
        home.launcher(shareOn, "stop").assertExit(OK);
    }

    /** Moves the first file of {@code folder} matching {@code glob} a minute on, as a new copy would. */
    private void touch(String folder, String glob) throws IOException {
        try (var files = Files.newDirectoryStream(home.path(folder), glob)) {
            Path jar = files.iterator().next();
            Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        }
    }

    /** @return the archives in data/cds/ once a start and a stop (which records one) are done */
    private List<Path> startAndStopForTheArchives() throws IOException, InterruptedException {
        home.launcher("start").assertExit(OK);
        home.launcher("stop").assertExit(OK);
        return archives();
    }

    private List<Path> archives() throws IOException {
        try (Stream<Path> files = Files.list(home.path("data/cds"))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jsa")).toList();
        }
    }

    @Test
    public void statusAndStopOfAHomeThatNeverRan() throws IOException, InterruptedException {
        DistributionHome.Result status = home.launcher("status").assertExit(NOT_RUNNING);
        assertTrue(status.output(), status.output().contains("not running"));
        DistributionHome.Result stop = home.launcher("stop").assertExit(OK);
        assertTrue(stop.output(), stop.output().contains("not running"));
    }
}
