package io.procdaemon.benchmarks.barefelix;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.SynchronousBundleListener;

/**
 * The one bundle of ours in the bare-Felix reference of {@code benchmarks/start-stop.sh}: it writes
 * to {@code log/proc-daemon.log} (relative to the working directory) the lines the script waits for
 * in proc-daemon's own log, so both are timed the same way.
 * <ul>
 * <li>{@code proc-daemon ready in N ms} once the framework reports {@code STARTED} (every bundle
 * of the start level started), N counted from the epoch milliseconds in the system property
 * {@code bench.t0}, which the script sets when it launches the JVM;</li>
 * <li>{@code bundle started: BSN } and {@code bundle uninstalled: BSN } for every bundle, which
 * times FileInstall's hot deploy.</li>
 * </ul>
 * It uses nothing but the framework API and {@code java.base}, so it adds next to nothing to the
 * boot it measures.
 */
public final class ReadyMarker implements BundleActivator {

    private OutputStream log;

    @Override
    public void start(BundleContext context) throws IOException {
        new java.io.File("log").mkdirs();
        log = new FileOutputStream("log/proc-daemon.log", true);
        context.addBundleListener((SynchronousBundleListener) event -> {
            if (event.getType() == BundleEvent.STARTED) {
                write("bundle started: " + event.getBundle().getSymbolicName() + " ");
            } else if (event.getType() == BundleEvent.UNINSTALLED) {
                write("bundle uninstalled: " + event.getBundle().getSymbolicName() + " ");
            }
        });
        context.addFrameworkListener(event -> {
            if (event.getType() == FrameworkEvent.STARTED) {
                ready(context);
            }
        });
    }

    private void ready(BundleContext context) {
        long t0 = Long.getLong("bench.t0", 0L);
        long elapsed = System.currentTimeMillis() - t0;
        Bundle[] bundles = context.getBundles();
        int active = 0;
        for (Bundle bundle : bundles) {
            if (bundle.getState() == Bundle.ACTIVE) {
                active++;
            }
        }
        write("proc-daemon ready in " + elapsed + " ms (bare Felix: " + active + " of " + bundles.length
                + " bundles active)");
    }

    private synchronized void write(String line) {
        try {
            log.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            log.flush();
        } catch (IOException e) {
            System.err.println("bare-felix marker: cannot write log/proc-daemon.log: " + e);
        }
    }

    @Override
    public synchronized void stop(BundleContext context) throws IOException {
        log.close();
    }
}
