package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

/**
 * The systemd unit shipped in bin/contrib: checked by {@code systemd-analyze verify} where it
 * exists, its keys checked against the daemon's contract everywhere, and that contract exercised:
 * the unit's own ExecStart run as systemd runs it (its own session, no terminal, a bare
 * environment, the unit's working directory), its ExecReload, and a stop by its KillSignal.
 *
 * <p>The unit is "installed" by replacing its placeholder home, /opt/proc-daemon, with the test's
 * home, as an operator edits the copy.
 */
public class SystemdUnitTest extends ProcessTestSupport {

    private static final String UNIT = "bin/contrib/proc-daemon.service";
    private static final String PLACEHOLDER_HOME = "/opt/proc-daemon";
    /** systemd's PATH for system services. */
    private static final String SYSTEMD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    @Test
    public void theUnitIsNotExecutableAndEveryDirectiveIsExplained() throws IOException {
        Path unit = home.path(UNIT);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(unit)));

        List<String> lines = Files.readAllLines(unit, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (isDirective(line)) {
                assertTrue("line " + (i + 1) + " '" + line + "' has a comment above it", i > 0 && lines.get(i - 1).startsWith("#"));
            }
        }
        assertFalse("filtering left no Maven property unresolved", String.join("\n", lines).contains("${"));
    }

    @Test
    public void theUnitKeepsTheDaemonsContract() throws IOException {
        Map<String, List<String>> unit = directives(installedUnit());
        String homePath = home.home().toString();

        assertEquals(List.of("notify"), unit.get("Type"));
        assertEquals("systemd-notify, the sender, is a child of the JVM", List.of("all"), unit.get("NotifyAccess"));
        assertNotNull("a watchdog, fed while the supervisor answers", unit.get("WatchdogSec"));
        List<String> start = execStart(unit);
        assertEquals(List.of(homePath + "/bin/proc-daemon", "run"), start);
        assertTrue(start.get(0) + " is executable", Files.isExecutable(Path.of(start.get(0))));
        assertEquals(List.of(homePath), unit.get("WorkingDirectory"));
        assertEquals(List.of("/bin/kill -HUP $MAINPID"), unit.get("ExecReload"));
        assertEquals(List.of("SIGTERM"), unit.get("KillSignal"));
        assertEquals("SIGTERM to the JVM only, its ladder stops the rest", List.of("mixed"), unit.get("KillMode"));

        long killDeadline = shippedKillDeadlineMillis();
        long timeoutStop = Long.parseLong(single(unit, "TimeoutStopSec").replaceFirst("s$", "")) * 1000;
        assertTrue("TimeoutStopSec (" + timeoutStop + " ms) exceeds the kill deadline of etc/daemon.toml (" + killDeadline
                + " ms)", timeoutStop > killDeadline);

        assertEquals(List.of("on-failure"), unit.get("Restart"));
        List<String> noRestart = words(unit, "RestartPreventExitStatus");
        assertTrue("no restart after bad configuration (5) or another daemon in the home (4): " + noRestart,
                noRestart.containsAll(List.of(Integer.toString(BAD_CONFIGURATION), Integer.toString(ALREADY_RUNNING))));
        List<String> success = words(unit, "SuccessExitStatus");
        for (int failure : new int[] {FAILURE, FORCED, KILLED}) {
            assertFalse(failure + " is a failure: " + success, success.contains(Integer.toString(failure)));
        }

        assertTrue("the daemon may write data/: " + unit.get("ReadWritePaths"),
                words(unit, "ReadWritePaths").contains(homePath + "/data"));
        assertNull("the JIT needs writable and executable memory", unit.get("MemoryDenyWriteExecute"));
        assertNotNull(unit.get("User"));
        assertNotNull(unit.get("Group"));
    }

    @Test
    public void systemdAnalyzeVerifiesTheInstalledUnit() throws Exception {
        assumeTrue("systemd-analyze is on PATH", onPath("systemd-analyze"));
        Path unit = home.scratch("proc-daemon.service");
        Files.writeString(unit, installedUnit(), StandardCharsets.UTF_8);

        Process verify = new ProcessBuilder("systemd-analyze", "verify", unit.toString()).redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("systemd-analyze verify ended", verify.waitFor(DistributionHome.BOUND.toMillis(), TimeUnit.MILLISECONDS));

        assertEquals("exit code of systemd-analyze verify; output:\n" + output, 0, verify.exitValue());
        // Unknown keys and bad values are only warnings (exit code 0), naming the file.
        assertNull("no warning about the unit:\n" + output, DistributionHome.firstLine(output, "proc-daemon.service"));
    }

    @Test
    public void startedAsSystemdDoesItReloadsOnExecReloadAndStopsCleanlyOnKillSignal() throws Exception {
        Map<String, List<String>> unit = directives(installedUnit());
        Path journal = home.scratch("journal.txt");
        Process daemon = startAsSystemd(unit, journal);
        long mainPid = daemon.pid();
        home.rememberDaemonPid(mainPid);
        try {
            DistributionHome.await("data/daemon.ready holding the main pid " + mainPid,
                    () -> Long.toString(mainPid).equals(home.readTrimmed("data/daemon.ready")), () -> DistributionHome.read(journal));
            assertEquals("$MAINPID is the JVM (the launcher execs it), so ExecReload and KillSignal reach the daemon",
                    Long.toString(mainPid), home.readTrimmed("data/daemon.pid"));

            // DAEMON_HOT_RELOAD=false: nothing watches etc/, only SIGHUP re-reads it.
            Path daemonToml = home.path("etc/daemon.toml");
            String shipped = Files.readString(daemonToml, StandardCharsets.UTF_8);
            assertTrue(shipped.contains("level = \"info\""));
            Files.writeString(daemonToml, shipped.replace("level = \"info\"", "level = \"debug\""), StandardCharsets.UTF_8);
            assertNull("not applied before the reload", DistributionHome.firstLine(DistributionHome.read(journal), "log level set to debug"));

            run(execReload(unit, mainPid));
            DistributionHome.awaitLogLine("the journal", () -> DistributionHome.read(journal), "SIGHUP: re-reading");
            DistributionHome.awaitLogLine("the journal", () -> DistributionHome.read(journal), "log level set to debug");
            assertTrue("a reload does not stop it", DistributionHome.isRunning(mainPid));

            DistributionHome.kill(single(unit, "KillSignal").replaceFirst("^SIG", ""), mainPid);
            assertTrue("the daemon ended; journal:\n" + DistributionHome.read(journal),
                    daemon.waitFor(DistributionHome.BOUND.toMillis(), TimeUnit.MILLISECONDS));
            String output = DistributionHome.read(journal);
            assertEquals("exit code 0: everything stopped within the graceful deadline; journal:\n" + output, OK, daemon.exitValue());
            assertNotNull(output, DistributionHome.firstLine(output, "shutdown initiated: reason=Signal(15)"));
        } finally {
            daemon.destroyForcibly();
        }
    }

    /**
     * Starts the unit's ExecStart as systemd does: a new session without a terminal, every signal
     * at its default, stdin from /dev/null, stdout and stderr to the journal (here a file), the
     * unit's working directory and a bare environment plus what its commented Environment= lines
     * would set: JAVA_HOME (the Java running this test) and an override of etc/daemon.toml.
     */
    private static Process startAsSystemd(Map<String, List<String>> unit, Path journal) throws IOException {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal", "setsid"));
        command.addAll(execStart(unit));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(new File(single(unit, "WorkingDirectory")))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(journal.toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("PATH", SYSTEMD_PATH);
        environment.put("LANG", "C.UTF-8");
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("DAEMON_HOT_RELOAD", "false");
        return builder.start();
    }

    private static List<String> execReload(Map<String, List<String>> unit, long mainPid) {
        return Arrays.asList(single(unit, "ExecReload").replace("$MAINPID", Long.toString(mainPid)).split("\\s+"));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(command + " ended", process.waitFor(DistributionHome.BOUND.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(command + ": " + output, 0, process.exitValue());
    }

    /** @return the unit as an operator installs it for this home */
    private String installedUnit() throws IOException {
        return Files.readString(home.path(UNIT), StandardCharsets.UTF_8).replace(PLACEHOLDER_HOME, home.home().toString());
    }

    /** @return the unit's directives, key to values in order of appearance (sections are not needed here) */
    private static Map<String, List<String>> directives(String unit) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (String line : unit.lines().map(String::strip).toList()) {
            if (isDirective(line)) {
                int equals = line.indexOf('=');
                result.computeIfAbsent(line.substring(0, equals).strip(), key -> new ArrayList<>())
                        .add(line.substring(equals + 1).strip());
            }
        }
        return result;
    }

    private static boolean isDirective(String line) {
        return !line.isEmpty() && !line.startsWith("#") && !line.startsWith(";") && !line.startsWith("[") && line.contains("=");
    }

    private static String single(Map<String, List<String>> unit, String key) {
        List<String> values = unit.get(key);
        assertNotNull("the unit sets " + key, values);
        assertEquals("the unit sets " + key + " once", 1, values.size());
        return values.get(0);
    }

    private static List<String> words(Map<String, List<String>> unit, String key) {
        return Arrays.asList(single(unit, key).split("\\s+"));
    }

    private static List<String> execStart(Map<String, List<String>> unit) {
        return Arrays.asList(single(unit, "ExecStart").split("\\s+"));
    }

    /** @return [shutdown] kill of the shipped etc/daemon.toml, in milliseconds */
    private long shippedKillDeadlineMillis() throws IOException {
        String toml = Files.readString(home.path("etc/daemon.toml"), StandardCharsets.UTF_8);
        Matcher section = Pattern.compile("(?m)^\\[shutdown\\]\\s*$").matcher(toml);
        assertTrue("etc/daemon.toml has a [shutdown] section", section.find());
        String rest = toml.substring(section.end());
        Matcher next = Pattern.compile("(?m)^\\[").matcher(rest);
        Matcher kill = Pattern.compile("(?m)^kill\\s*=\\s*([0-9_]+)").matcher(next.find() ? rest.substring(0, next.start()) : rest);
        assertTrue("etc/daemon.toml sets [shutdown] kill", kill.find());
        return Long.parseLong(kill.group(1).replace("_", ""));
    }

    private static boolean onPath(String command) {
        for (String directory : System.getenv().getOrDefault("PATH", SYSTEMD_PATH).split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, command))) {
                return true;
            }
        }
        return false;
    }
}
