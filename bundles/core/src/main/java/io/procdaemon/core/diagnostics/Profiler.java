package io.procdaemon.core.diagnostics;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * {@code daemon:profile}: one operator's recording at a time, with the JDK's {@code profile}
 * settings (CPU samples {@code jdk.ExecutionSample} every 10 ms, allocation samples
 * {@code jdk.ObjectAllocationSample}, locks, I/O, GC: a few percent of overhead, for minutes, not
 * for always). {@link #stop()} and {@link #dump()} write {@code data/profile-<UTC time>.jfr} and
 * return its path. A write that fails (a full disk, {@code data/} not writable) leaves the
 * profile running, so the operator can free space and ask again without losing it.
 *
 * <p>Independent of the continuous recording of the {@link FlightRecorderComponent}: both may run
 * at once (JFR merges their settings while both are on).
 */
final class Profiler {

    static final String KIND = "profile";

    private final DumpFiles files;
    private final Clock clock;
    private Recording recording;
    private Instant started;

    Profiler(DumpFiles files, Clock clock) {
        this.files = files;
        this.clock = clock;
    }

    /** @return what the operator reads */
    synchronized String start() {
        if (recording != null) {
            throw new IllegalStateException("a profile is running already, since " + DumpFiles.TIME.format(started) + " ("
                    + age() + "); 'daemon:profile dump' writes what it has so far, 'daemon:profile stop' ends it");
        }
        Configuration settings;
        try {
            settings = Configuration.getConfiguration("profile");
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("the JDK's JFR settings 'profile' cannot be read: " + e.getMessage(), e);
        }
        Recording next = new Recording(settings);
        next.setName("proc-daemon profile");
        next.setToDisk(true);
        next.start();
        recording = next;
        started = clock.instant();
        return "profiling (JFR, settings 'profile': CPU and allocation samples) since " + DumpFiles.TIME.format(started)
                + "; 'daemon:profile stop' writes the file";
    }

    /** @return the file written; the profile has ended */
    synchronized Path stop() {
        Path file = write("stop");
        recording.close();
        recording = null;
        return file;
    }

    /** @return the file written; the profile goes on */
    synchronized Path dump() {
        return write("dump");
    }

    /** @return one line: running since when, or not running */
    synchronized String status() {
        return recording == null ? "no profile running; 'daemon:profile start' starts one"
                : "profiling since " + DumpFiles.TIME.format(started) + " (" + age() + ")";
    }

    /** Ends a profile without writing it (the daemon is stopping). */
    synchronized void discard() {
        if (recording != null) {
            recording.close();
            recording = null;
        }
    }

    private Path write(String action) {
        if (recording == null) {
            throw new IllegalStateException("no profile is running, nothing to " + action
                    + "; 'daemon:profile start' starts one");
        }
        Path file = null;
        try {
            file = files.next(KIND, clock.instant(), "", ".jfr");
            recording.dump(file);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("could not write " + (file == null ? "a profile to " + files.folder() : file)
                    + ": " + e.getMessage() + "; the profile is still running: make room or fix the folder's permissions"
                    + " and run 'daemon:profile " + action + "' again", e);
        }
    }

    private String age() {
        return Duration.between(started, clock.instant()).toSeconds() + " s";
    }
}
