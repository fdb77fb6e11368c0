package io.procdaemon.core.diagnostics;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@code daemon:profile start|stop|dump|status} and {@code daemon:heapdump}: the operator's
 * profiling, files in {@code data/} named by the UTC time ({@link DumpFiles}), each command
 * printing the absolute path it wrote.
 *
 * <p>The core registers these Gogo commands itself (a service with the {@code osgi.command.*}
 * properties, which Gogo picks up from any bundle) rather than the shell bundle: the profiler
 * and the heap dumps live here beside the flight recorder, and no API has to be exported for a
 * shell to reach them. The component is immediate: a delayed one would be disposed by SCR, and a
 * running profile with it, whenever the last shell session that used it ends (seen: 'start' in
 * one {@code client} call, 'stop' in the next, found nothing running). It costs a small object at
 * boot; the {@link Profiler}, and with it JFR, is created at the first {@code daemon:profile}. The
 * {@code @Descriptor} annotations are an optional import (without Gogo they are simply absent).
 */
@Component(service = DiagnosticCommands.class, immediate = true, property = {"osgi.command.scope=daemon", "osgi.command.function=profile",
        "osgi.command.function=heapdump"})
public final class DiagnosticCommands {

    private final DumpFiles files;
    private Profiler profiler;

    @Activate
    public DiagnosticCommands(BundleContext context) {
        this.files = DumpFiles.inData(context.getProperty("proc-daemon.home"));
    }

    @Deactivate
    synchronized void deactivate() {
        if (profiler != null) {
            profiler.discard();
        }
    }

    private synchronized Profiler profiler() {
        if (profiler == null) {
            profiler = new Profiler(files, Clock.systemUTC());
        }
        return profiler;
    }

    @Descriptor("profile the daemon with JFR (CPU and allocation samples): start, stop (writes data/profile-<time>.jfr),"
            + " dump (writes what it has so far and goes on), status")
    public String profile(@Descriptor("start, stop, dump or status") String action) {
        return switch (action) {
            case "start" -> profiler().start();
            case "stop" -> "profile written to " + profiler().stop();
            case "dump" -> "profile so far written to " + profiler().dump() + "; still profiling";
            case "status" -> profiler().status();
            default -> throw new IllegalArgumentException("daemon:profile " + action + ": no such action; valid: start, stop, dump, status");
        };
    }

    @Descriptor("write a heap dump of the live objects to data/heap-<time>.hprof (the daemon pauses while it is written)")
    public String heapdump() throws IOException {
        Path file = HeapDumps.write(files, Clock.systemUTC().instant(), "");
        return "heap dump written to " + file;
    }
}
