package io.procdaemon.core.diagnostics;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;

import jdk.jfr.AnnotationElement;
import jdk.jfr.Category;
import jdk.jfr.Configuration;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.EventFactory;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.StackTrace;
import jdk.jfr.ValueDescriptor;

/**
 * The JFR side of the flight recorder: one recording with the JDK's {@code default} settings
 * (its documented overhead is about 1 %), kept on disk in JFR's repository and bounded by size and
 * age, so it is a ring of the last minutes. Only the {@link FlightRecorderComponent} creates it,
 * and only when {@code flight_recorder.enabled} is on: this class is where {@code jdk.jfr} is first
 * touched, so a daemon with the recorder off never loads JFR.
 */
final class ContinuousRecording implements AutoCloseable {

    static final String NAME = "proc-daemon flight recorder";
    /** The JFR event of a subsystem's state change: subsystem, state, previous, error. */
    static final String TRANSITION = "io.procdaemon.SubsystemTransition";

    private final Recording recording;
    /**
     * Subsystem transitions, beside the JVM's own events, so that a dump shows what the supervisor
     * did before the incident. Built by {@link EventFactory} rather than declared as a subclass of
     * {@code jdk.jfr.Event}: JFR instruments such a subclass with a handler class in
     * {@code jdk.jfr.internal}, which a bundle's class loader cannot see (NoClassDefFoundError on
     * the first commit, seen on JDK 17).
     */
    private final EventFactory transitions;

    /** Starts the recording. @throws IOException when JFR cannot start (not in this JVM, or disabled) */
    ContinuousRecording(long maxSizeBytes, Duration maxAge) throws IOException {
        if (!FlightRecorder.isAvailable()) {
            throw new IOException("JFR is not available in this JVM (" + System.getProperty("java.vm.name") + " "
                    + System.getProperty("java.vm.version") + ")");
        }
        Configuration settings;
        try {
            settings = Configuration.getConfiguration("default");
        } catch (ParseException e) {
            throw new IOException("the JDK's JFR settings 'default' cannot be read: " + e.getMessage(), e);
        }
        transitions = EventFactory.create(List.of(new AnnotationElement(Name.class, TRANSITION),
                new AnnotationElement(Label.class, "Subsystem Transition"),
                new AnnotationElement(Category.class, new String[] {"proc-daemon"}),
                new AnnotationElement(Description.class, "A state change of a supervised subsystem"),
                new AnnotationElement(StackTrace.class, false)),
                List.of(field("subsystem", "Subsystem"), field("state", "State"), field("previous", "Previous State"),
                        field("error", "Error")));
        recording = new Recording(settings);
        recording.setName(NAME);
        recording.setToDisk(true);
        bounds(maxSizeBytes, maxAge);
        recording.enable(TRANSITION);
        recording.start();
    }

    /** New bounds, applied to the running recording. */
    void bounds(long maxSizeBytes, Duration maxAge) {
        recording.setMaxSize(maxSizeBytes);
        recording.setMaxAge(maxAge);
    }

    /** Writes what the ring holds now to {@code file}, and keeps recording. */
    void dump(Path file) throws IOException {
        recording.dump(file);
    }

    /** Records a subsystem's transition as a {@value #TRANSITION} event. */
    void transition(String subsystem, String state, String previous, String error) {
        Event event = transitions.newEvent();
        event.set(0, subsystem);
        event.set(1, state);
        event.set(2, previous);
        event.set(3, error);
        event.commit();
    }

    private static ValueDescriptor field(String name, String label) {
        return new ValueDescriptor(String.class, name, List.of(new AnnotationElement(Label.class, label)));
    }

    @Override
    public void close() {
        recording.close();
    }
}
