package io.procdaemon.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Real Felix with the distribution's bundles from {@code system/}, inside the benchmark JVM. The
 * API package comes from the system bundle (this JVM's class path) instead of the API bundle, so
 * the benchmark calls the very services the core registers. FileInstall is left out: nothing is
 * deployed.
 */
final class EmbeddedDaemon implements AutoCloseable {

    /** Where the unpacked distribution is; set by the pom, or on the command line. */
    static final String DISTRIBUTION_PROPERTY = "procdaemon.distribution";

    /** Held: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    private static final Logger DAEMON_LOGGER = Logger.getLogger("io.procdaemon");

    private final Framework framework;
    private final Bundle core;

    private EmbeddedDaemon(Framework framework, Bundle core) {
        this.framework = framework;
        this.core = core;
    }

    static EmbeddedDaemon boot() throws Exception {
        // The supervisor logs every transition; the benchmarks measure supervision, not the console.
        DAEMON_LOGGER.setLevel(Level.SEVERE);
        Path home = Path.of(System.getProperty(DISTRIBUTION_PROPERTY, "benchmarks/target/distribution/proc-daemon-0.1.0-SNAPSHOT"));
        Map<String, String> properties = new HashMap<>();
        properties.put("org.osgi.framework.storage", Files.createTempDirectory("procdaemon-bench").toString());
        properties.put("org.osgi.framework.storage.clean", "onFirstInit");
        properties.put("org.osgi.framework.system.packages.extra", "io.procdaemon.api;version=" + apiVersion(home));
        properties.put("felix.log.level", "1");
        properties.put("org.osgi.framework.startlevel.beginning", "100");
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(properties);
        framework.init();
        BundleContext context = framework.getBundleContext();
        Bundle core = null;
        for (String line : Files.readAllLines(home.resolve("etc/startup.properties"), StandardCharsets.UTF_8)) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#") || entry.contains("proc-daemon-api") || entry.contains("fileinstall")
                    || entry.contains("proc-daemon-config")) {
                continue;
            }
            String[] parts = entry.split("=", 2);
            Bundle bundle = context.installBundle(home.resolve("system").resolve(parts[0].strip()).toUri().toString());
            bundle.adapt(BundleStartLevel.class).setStartLevel(Integer.parseInt(parts[1].strip()));
            bundle.start();
            if ("io.procdaemon.core".equals(bundle.getSymbolicName())) {
                core = bundle;
            }
        }
        framework.start();
        if (core == null) {
            throw new IllegalStateException("no core bundle in " + home + "/etc/startup.properties");
        }
        return new EmbeddedDaemon(framework, core);
    }

    /** The version the distribution's API bundle exports, so the core's import range accepts the system bundle's. */
    private static String apiVersion(Path home) throws IOException {
        try (var jars = Files.newDirectoryStream(home.resolve("system"), "proc-daemon-api-*.jar")) {
            for (Path jar : jars) {
                try (var file = new java.util.jar.JarFile(jar.toFile())) {
                    String exports = file.getManifest().getMainAttributes().getValue("Export-Package");
                    var version = java.util.regex.Pattern.compile("io\\.procdaemon\\.api;[^,]*version=\"?([0-9.]+)")
                            .matcher(exports == null ? "" : exports);
                    if (version.find()) {
                        return version.group(1);
                    }
                }
            }
        }
        throw new IllegalStateException("no proc-daemon-api jar exporting io.procdaemon.api in " + home.resolve("system"));
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    /** A new coordinator and supervisor: a shutdown can be initiated only once per coordinator. */
    void restartCore() throws BundleException {
        core.stop();
        core.start();
    }

    <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context(), type, null);
        tracker.open();
        try {
            T service = tracker.waitForService(TimeUnit.SECONDS.toMillis(30));
            if (service == null) {
                throw new IllegalStateException("no " + type.getName() + " service");
            }
            return service;
        } finally {
            tracker.close();
        }
    }

    @Override
    public void close() throws BundleException, InterruptedException, IOException {
        framework.stop();
        framework.waitForStop(TimeUnit.SECONDS.toMillis(30));
    }
}
