package io.procdaemon.itests.framework;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Runs a test inside real Felix with exactly the bundles the distribution ships: those listed in
 * its {@code etc/startup.properties}, from its {@code system/}, at the same start levels.
 *
 * <p>Pax Exam does not fail when a bundle does not resolve (the test would die later with a
 * ClassNotFoundException), so every test first checks that every bundle is active and otherwise
 * fails with the framework's own resolution message.
 */
@RunWith(PaxExam.class)
public abstract class InFrameworkTestSupport {

    /** Bound on waits, so a broken build fails instead of hanging; never a timing assertion. */
    protected static final long BOUND_SECONDS = 10;

    @Inject
    protected BundleContext context;

    @Configuration
    public Option[] configuration() {
        List<Option> options = new ArrayList<>(distributionBundles());
        options.add(junitBundles());
        options.add(frameworkStartLevel(100));
        options.add(cleanCaches(true));
        cleanConfigDirectory();
        // The configuration bundle reads and watches this folder (etc/ of a real home).
        options.add(frameworkProperty("procdaemon.config.dir").value(configDirectory().toString()));
        options.addAll(List.of(extraOptions()));
        return options(options.toArray(new Option[0]));
    }

    /**
     * @return this test class's etc/ folder. One per class, not per instance: Pax Exam builds the
     *         configuration on one instance and runs the tests on others, in the same JVM.
     */
    protected Path configDirectory() {
        Path directory = Path.of(System.getProperty("java.io.tmpdir"), "procdaemon-etc-" + getClass().getName());
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a file into etc/ as an editor should: to a hidden name, then renamed into place. */
    protected final void writeConfigFile(String name, String toml) throws IOException {
        Path hidden = configDirectory().resolve("." + name + ".part");
        Files.writeString(hidden, toml, java.nio.charset.StandardCharsets.UTF_8);
        Files.move(hidden, configDirectory().resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** For {@link #extraOptions()}: etc/daemon.toml as the framework will find it at boot. */
    protected final Option[] withDaemonToml(String toml) {
        try {
            Files.writeString(configDirectory().resolve("daemon.toml"), toml);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Option[0];
    }

    /** Empties this class's etc/ folder before its framework starts. */
    private void cleanConfigDirectory() {
        try (java.util.stream.Stream<Path> files = Files.list(configDirectory())) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return options a test class adds, such as framework properties */
    protected Option[] extraOptions() {
        return new Option[0];
    }

    @Before
    public final void everyBundleIsActive() {
        List<String> problems = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() == Bundle.ACTIVE || bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            String why;
            try {
                bundle.start();
                continue;
            } catch (BundleException e) {
                why = e.getMessage();
            }
            problems.add(bundle.getSymbolicName() + " (" + bundle.getLocation() + "): " + why);
        }
        if (!problems.isEmpty()) {
            fail("bundles not active:\n" + String.join("\n", problems));
        }
    }

    /** Waits for a service, failing with its name if it does not come. */
    protected <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        T service = tracker.waitForService(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        assertNotNull("no " + type.getName() + " service", service);
        return service;
    }

    /**
     * Runs a shell command in a new Gogo session, as the attached shell does.
     *
     * @return what the command returned or, if it returned nothing, what it printed
     */
    protected final String run(String command) throws Exception {
        org.apache.felix.service.command.CommandProcessor processor =
                service(org.apache.felix.service.command.CommandProcessor.class);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.io.PrintStream print = new java.io.PrintStream(out, true, StandardCharsets.UTF_8);
                org.apache.felix.service.command.CommandSession session =
                        processor.createSession(new java.io.ByteArrayInputStream(new byte[0]), print, print)) {
            Object result = session.execute(command);
            print.flush();
            return result == null ? out.toString(StandardCharsets.UTF_8) : String.valueOf(result);
        }
    }

    /** Runs a shell command that must fail. @return its error message */
    protected final String fails(String command) {
        Exception e = org.junit.Assert.assertThrows(command, Exception.class, () -> run(command));
        assertNotNull(command + " failed without a message: " + e, e.getMessage());
        return e.getMessage();
    }

    protected Bundle installedBundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    /** The unpacked distribution under test (set by the pom). */
    static Path distribution() {
        String home = System.getProperty("procdaemon.distribution");
        if (home == null) {
            throw new IllegalStateException("system property procdaemon.distribution is not set; run the tests with Maven");
        }
        return Path.of(home);
    }

    static List<Option> distributionBundles() {
        Path home = distribution();
        List<Option> options = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(home.resolve("etc/startup.properties"), StandardCharsets.UTF_8)) {
                String entry = line.strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                String[] parts = entry.split("=", 2);
                Path jar = home.resolve("system").resolve(parts[0].strip());
                options.add(bundle(jar.toUri().toString()).startLevel(Integer.parseInt(parts[1].strip())).start());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the distribution's etc/startup.properties under " + home, e);
        }
        return options;
    }
}
