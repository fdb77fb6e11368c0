package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;

import io.procdaemon.itests.process.fixtures.SpinnerBundle;
import io.procdaemon.itests.process.fixtures.StubbornParticipant;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Issue 11, profiling and the flight recorder, on the tarball: a subsystem that reaches FAILED
 * leaves a JFR file in {@code data/} holding what happened before the failure; {@code daemon:profile}
 * and {@code daemon:heapdump} through {@code bin/proc-daemon client} write readable files and print
 * their paths.
 */
public class FlightRecorderProcessTest extends ProcessTestSupport {

    /** A file of the same second gets -2, -3... after the time: flaky fails about once a second. */
    private static final String FLIGHT_NAME = "flight-\\d{4}-\\d\\d-\\d\\dT\\d{6}Z(-\\d+)?-subsystem-failed-flaky\\.jfr";
    private static final String TRANSITION = "io.procdaemon.SubsystemTransition";

    @Test
    public void aSubsystemThatReachesFailedLeavesAFlightRecordingOfWhatCameBefore() throws Exception {
        DistributionHome.Foreground daemon = flakyUnderTheRecorder(Map.of());
        String written = daemon.awaitLine("flight recorder: subsystem flaky reached FAILED; recording written to ");
        Path file = fileInData(written, "recording written to ", FLIGHT_NAME);

        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        RecordedEvent failed = events.stream().filter(event -> isTransition(event, "flaky", "FAILED")).findFirst()
                .orElseThrow(() -> new AssertionError("no FAILED transition of flaky in " + file + "; " + types(events)));
        assertTrue(failed.getString("error"), failed.getString("error").contains("flaky instance"));
        Instant failure = failed.getStartTime();
        assertTrue("flaky RUNNING before it failed, in " + types(events), events.stream()
                .anyMatch(event -> isTransition(event, "flaky", "RUNNING") && event.getStartTime().isBefore(failure)));
        assertTrue("the JVM's own events before the failure: " + types(events), events.stream()
                .anyMatch(event -> event.getEventType().getName().startsWith("jdk.") && event.getStartTime().isBefore(failure)));

        stopGracefully(daemon);
    }

    @Test
    public void aForcedShutdownDumpsTheRecordingBeforeTheProcessExits() throws Exception {
        home.deploy("stubborn.jar", FixtureJars.stubbornParticipant());
        Map<String, String> env = new HashMap<>(deadlines(300, 8000, 10000));
        env.put("DAEMON_FLIGHT_RECORDER__ENABLED", "true");
        DistributionHome.Foreground daemon = home.runInForeground(env);
        daemon.awaitLine(StubbornParticipant.REGISTERED);
        daemon.awaitReady();
        daemon.awaitLine("flight recorder: on");

        DistributionHome.kill("TERM", daemon.pid());
        assertEquals("exit code; output:\n" + daemon.output(), FORCED, daemon.awaitExit());
        String written = DistributionHome.firstLine(daemon.output(), "flight recorder: the shutdown ladder forced what was left;"
                + " recording written to ");
        assertTrue("the forced shutdown's dump:\n" + daemon.output(), written != null);
        Path file = fileInData(written, "recording written to ", "flight-\\d{4}-\\d\\d-\\d\\dT\\d{6}Z-shutdown-forced\\.jfr");
        assertTrue(written, RecordingFile.readAllEvents(file).size() > 0);
    }

    @Test
    public void aHardLimitSetLiveDumpsTheRecording() throws Exception {
        DistributionHome.Foreground daemon = home.runInForeground(Map.of("DAEMON_FLIGHT_RECORDER__ENABLED", "true",
                "DAEMON_MONITORING__METRICS_INTERVAL_MS", "50"));
        daemon.awaitReady();
        daemon.awaitLine("flight recorder: on");
        // etc/daemon.toml ships hot_reload = true: a thread limit the daemon is already over, written as an editor does
        Path toml = home.path("etc/daemon.toml");
        Path part = home.path("etc/.daemon.toml.part");
        Files.writeString(part, Files.readString(toml).replace("threads_hard = 0", "threads_hard = 5")
                .replace("on_hard_limit = \"shutdown\"", "on_hard_limit = \"heapdump\""));
        Files.move(part, toml, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        String written = daemon.awaitLine("flight recorder: threads reached its hard limit; recording written to ");
        Path file = fileInData(written, "recording written to ", "flight-\\d{4}-\\d\\d-\\d\\dT\\d{6}Z-hard-limit-threads\\.jfr");
        assertTrue(written, RecordingFile.readAllEvents(file).size() > 0);
        stopGracefully(daemon);
    }

    @Test
    public void theRecorderTurnsOnAndOffAndTakesNewBoundsLive() throws Exception {
        DistributionHome.Foreground daemon = home.runInForeground(Map.of());
        daemon.awaitReady();
        home.launcher("client", "config:set io.procdaemon.daemon flight_recorder.enabled true").assertExit(OK);
        daemon.awaitLine("flight recorder: on, keeping the last 16 MiB or 600 s");
        home.launcher("client", "config:set io.procdaemon.daemon flight_recorder.max_size_mib 4").assertExit(OK);
        daemon.awaitLine("flight recorder: keeping the last 4 MiB or 600 s");
        home.launcher("client", "config:set io.procdaemon.daemon flight_recorder.enabled false").assertExit(OK);
        daemon.awaitLine("flight recorder: off (flight_recorder.enabled = false)");
        stopGracefully(daemon);
    }

    @Test
    public void aFlappingSubsystemDumpsOnceThenOnceForAllThatFollowWrittenAtTheLatestWhenTheDaemonStops() throws Exception {
        DistributionHome.Foreground daemon = flakyUnderTheRecorder(Map.of());
        daemon.awaitLine("flight recorder: subsystem flaky reached FAILED; recording written to ");
        daemon.awaitLine("flight recorder: subsystem flaky reached FAILED; the dump waits ");
        daemon.awaitLine("flight recorder: subsystem flaky reached FAILED; covered by the dump already scheduled");
        stopGracefully(daemon);
        String output = daemon.output();
        assertEquals(output, 2, DistributionHome.countLines(output, "recording written to "));
        assertTrue(output, DistributionHome.firstLine(output, "flight recorder: deferred by the throttle, covering ") != null);
        assertEquals(2, flightFiles().size());
    }

    @Test
    public void onlyTheLastMaxDumpsAreKept() throws Exception {
        DistributionHome.Foreground daemon = flakyUnderTheRecorder(Map.of("DAEMON_FLIGHT_RECORDER__MAX_DUMPS", "2",
                "DAEMON_FLIGHT_RECORDER__MIN_DUMP_INTERVAL_SECONDS", "0"));
        DistributionHome.await("three dumps", () -> DistributionHome.countLines(daemon.output(), "recording written to ") >= 3,
                daemon::output);
        daemon.awaitLine("older dump(s) beyond flight_recorder.max_dumps = 2");
        stopGracefully(daemon);
        List<Path> kept = flightFiles();
        assertEquals(kept.toString(), 2, kept.size());
        String output = daemon.output();
        String last = output.lines().filter(line -> line.contains("recording written to ")).reduce((a, b) -> b).orElseThrow();
        assertTrue(last + " is kept: " + kept, kept.contains(printedPath(last, "recording written to ")));
    }

    private List<Path> flightFiles() throws IOException {
        try (var files = Files.list(home.path("data"))) {
            return files.filter(path -> path.getFileName().toString().matches(FLIGHT_NAME)).map(Path::toAbsolutePath).toList();
        }
    }

    @Test
    public void theRecorderIsOffByDefaultAndAFailureThenWritesNothing() throws Exception {
        home.deploy("examples.jar", DistributionHome.examplesJar());
        DistributionHome.Foreground daemon = home.runInForeground(Map.of());
        daemon.awaitReady();
        daemon.awaitLine("subsystem=flaky id=");
        daemon.awaitLine("context=child_terminated state=FAILED");
        stopGracefully(daemon);
        assertFalse(daemon.output(), daemon.output().contains("flight recorder"));
        try (var files = Files.list(home.path("data"))) {
            assertEquals(List.of(), files.filter(path -> path.getFileName().toString().endsWith(".jfr")).toList());
        }
    }

    @Test
    public void profileStartDumpStopThroughTheClientWritesCpuSamples() throws Exception {
        DistributionHome.Foreground daemon = home.runInForeground(Map.of());
        daemon.awaitReady();
        home.deploy("spinners.jar", FixtureJars.spinnerBundle(1, "platform"));
        daemon.awaitLine(SpinnerBundle.spinning(SpinnerBundle.SPINNER_PREFIX + 0));

        DistributionHome.Result stopFirst = home.launcher("client", "daemon:profile stop").assertExit(FAILURE);
        assertTrue(stopFirst.output(), stopFirst.output().contains("no profile is running, nothing to stop;"
                + " 'daemon:profile start' starts one"));
        DistributionHome.Result started = home.launcher("client", "daemon:profile start").assertExit(OK);
        assertTrue(started.output(), started.output().contains("profiling (JFR"));
        DistributionHome.Result twice = home.launcher("client", "daemon:profile start").assertExit(FAILURE);
        assertTrue(twice.output(), twice.output().contains("a profile is running already, since "));

        // 'dump' writes what the profile has so far and goes on: until a dump holds the spinner's samples
        AtomicReference<String> lastDump = new AtomicReference<>("");
        DistributionHome.await("a profile dump with CPU samples of the spinner", () -> {
            try {
                DistributionHome.Result dumped = home.launcher("client", "daemon:profile dump").assertExit(OK);
                lastDump.set(dumped.output());
                return spinnerSamples(printedPath(dumped.output(), "profile so far written to ")) > 0;
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        }, lastDump::get);

        DistributionHome.Result stopped = home.launcher("client", "daemon:profile stop").assertExit(OK);
        Path profile = fileInData(stopped.output(), "profile written to ", "profile-\\d{4}-\\d\\d-\\d\\dT\\d{6}Z(-\\d+)?\\.jfr");
        assertTrue(profile + " holds CPU samples of the spinner", spinnerSamples(profile) > 0);
        home.launcher("client", "daemon:profile stop").assertExit(FAILURE);

        stopGracefully(daemon);
    }

    @Test
    public void heapdumpWritesAnHprofFileAndPrintsItsPath() throws Exception {
        DistributionHome.Foreground daemon = home.runInForeground(Map.of());
        daemon.awaitReady();
        DistributionHome.Result result = home.launcher("client", "daemon:heapdump").assertExit(OK);
        Path dump = fileInData(result.output(), "heap dump written to ", "heap-\\d{4}-\\d\\d-\\d\\dT\\d{6}Z\\.hprof");
        try (InputStream in = Files.newInputStream(dump)) {
            assertEquals("JAVA PROFILE 1.0.2", new String(in.readNBytes(18), StandardCharsets.US_ASCII));
        }
        assertTrue(daemon.isAlive());
        stopGracefully(daemon);
    }

    /**
     * The daemon with the recorder on (and {@code env}), and the examples deployed once the
     * recording runs, so that flaky's whole life (it fails every second or so) is in it.
     */
    private DistributionHome.Foreground flakyUnderTheRecorder(Map<String, String> env) throws IOException {
        Map<String, String> all = new HashMap<>(env);
        all.put("DAEMON_FLIGHT_RECORDER__ENABLED", "true");
        DistributionHome.Foreground daemon = home.runInForeground(all);
        daemon.awaitReady();
        daemon.awaitLine("flight recorder: on, keeping the last 16 MiB or 600 s");
        home.deploy("examples.jar", DistributionHome.examplesJar());
        return daemon;
    }

    private static void stopGracefully(DistributionHome.Foreground daemon) throws Exception {
        DistributionHome.kill("TERM", daemon.pid());
        assertEquals("exit code; output:\n" + daemon.output(), OK, daemon.awaitExit());
    }

    /** @return the file printed after {@code prefix}, checked: absolute, in data/, named as {@code name} says */
    private Path fileInData(String output, String prefix, String name) throws IOException {
        Path file = printedPath(output, prefix);
        assertTrue(file + " is named " + name, file.getFileName().toString().matches(name));
        assertEquals(home.path("data").toRealPath(), file.getParent().toRealPath());
        return file;
    }

    private static boolean isTransition(RecordedEvent event, String subsystem, String state) {
        return event.getEventType().getName().equals(TRANSITION) && subsystem.equals(event.getString("subsystem"))
                && state.equals(event.getString("state"));
    }

    private static String types(List<RecordedEvent> events) {
        return events.size() + " events of types " + events.stream().map(event -> event.getEventType().getName()).distinct().sorted().toList();
    }

    private static Path printedPath(String output, String prefix) {
        String line = output.lines().filter(text -> text.contains(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + prefix + "' in:\n" + output));
        String rest = line.substring(line.indexOf(prefix) + prefix.length());
        int end = rest.indexOf(';');
        Path path = Path.of((end < 0 ? rest : rest.substring(0, end)).strip());
        assertTrue("printed paths are absolute: " + line, path.isAbsolute());
        assertTrue("no file " + path, Files.isRegularFile(path));
        return path;
    }

    /** @return the jdk.ExecutionSample events whose stack is in the spinner fixture */
    private static long spinnerSamples(Path file) throws IOException {
        return RecordingFile.readAllEvents(file).stream()
                .filter(event -> event.getEventType().getName().equals("jdk.ExecutionSample"))
                .filter(event -> event.getStackTrace() != null && event.getStackTrace().getFrames().stream()
                        .map(RecordedFrame::getMethod).anyMatch(method -> method.getType().getName().contains("SpinnerBundle")))
                .count();
    }
}
