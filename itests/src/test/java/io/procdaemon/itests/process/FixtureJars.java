package io.procdaemon.itests.process;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.ops4j.pax.tinybundles.TinyBundle;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.Constants;

import io.procdaemon.itests.process.fixtures.ExitingBundle;
import io.procdaemon.itests.process.fixtures.HangingBundle;
import io.procdaemon.itests.process.fixtures.HangingHookBundle;
import io.procdaemon.itests.process.fixtures.LateStopBundle;
import io.procdaemon.itests.process.fixtures.PrintingBundle;
import io.procdaemon.itests.process.fixtures.RogueSubsystem;
import io.procdaemon.itests.process.fixtures.SlowStartBundle;
import io.procdaemon.itests.process.fixtures.StubbornParticipant;
import io.procdaemon.itests.process.fixtures.ThrowingBundle;

/**
 * The jars the process tests drop into deploy/, built in the test with TinyBundles; bnd computes
 * the fixture bundles' manifests.
 */
final class FixtureJars {

    static final String STUBBORN_BSN = "io.procdaemon.itests.fixture.stubborn";
    static final String HANGING_BSN = "io.procdaemon.itests.fixture.hanging";
    static final String UNRESOLVABLE_BSN = "io.procdaemon.itests.fixture.unresolvable";
    static final String EMPTY_BSN = "io.procdaemon.itests.fixture.empty";
    static final String ROGUE_API_BSN = "io.procdaemon.itests.fixture.rogueapi";
    static final String LATE_STOP_BSN = "io.procdaemon.itests.fixture.latestop";
    static final String HANGING_HOOK_BSN = "io.procdaemon.itests.fixture.hanginghook";
    static final String EXITING_BSN = "io.procdaemon.itests.fixture.exiting";
    static final String SLF4J2_BSN = "io.procdaemon.itests.fixture.slf4j2";
    static final String SLF4J17_BSN = "io.procdaemon.itests.fixture.slf4j17";
    static final String PRINTING_BSN = "io.procdaemon.itests.fixture.printing";
    static final String SLOW_START_BSN = "io.procdaemon.itests.fixture.slowstart";
    static final String THROWING_BSN = "io.procdaemon.itests.fixture.throwing";
    static final String NEEDY_BSN = "io.procdaemon.itests.fixture.needy";
    static final String LIBRARY_BSN = "io.procdaemon.itests.fixture.library";
    static final String LIBRARY_USER_BSN = "io.procdaemon.itests.fixture.libraryuser";

    private FixtureJars() {
    }

    /** A bundle whose shutdown participant finishes only when interrupted ({@link StubbornParticipant}). */
    static InputStream stubbornParticipant() {
        return activatorBundle(STUBBORN_BSN, StubbornParticipant.class);
    }

    /** A bundle whose stop() and JVM shutdown hook never return ({@link HangingBundle}). */
    static InputStream hangingBundle() {
        return activatorBundle(HANGING_BSN, HangingBundle.class);
    }

    /** A bundle whose start() throws ({@link ThrowingBundle}). */
    static InputStream throwingBundle() {
        return activatorBundle(THROWING_BSN, ThrowingBundle.class);
    }

    /** A bundle whose start() waits for a file of the home ({@link SlowStartBundle}). */
    static InputStream slowStartBundle() {
        return activatorBundle(SLOW_START_BSN, SlowStartBundle.class);
    }

    /** A bundle whose stop() waits for a file of the home ({@link LateStopBundle}). */
    static InputStream lateStopBundle() {
        return activatorBundle(LATE_STOP_BSN, LateStopBundle.class);
    }

    /** A bundle that stops at once but whose JVM shutdown hook never returns ({@link HangingHookBundle}). */
    static InputStream hangingHookBundle() {
        return activatorBundle(HANGING_HOOK_BSN, HangingHookBundle.class);
    }

    /** A bundle that prints to System.out and System.err when it starts ({@link PrintingBundle}). */
    static InputStream printingBundle() {
        return activatorBundle(PRINTING_BSN, PrintingBundle.class);
    }

    /** A bundle that calls System.exit(0) once started ({@link ExitingBundle}). */
    static InputStream exitingBundle() {
        return activatorBundle(EXITING_BSN, ExitingBundle.class);
    }

    /**
     * A bundle logging through SLF4J ({@link io.procdaemon.itests.process.fixtures.Slf4jLoggingBundle})
     * that imports {@code org.slf4j} in the range given, as a bundle built against that SLF4J would:
     * {@code [2.0,3)} or {@code [1.7,2)}. (The fluent API line needs 2.x at run time; the daemon's
     * one SLF4J is 2.x, exported as 1.7.36 too.)
     */
    static InputStream slf4jBundle(String symbolicName, String slf4jRange) {
        Class<?> activator = io.procdaemon.itests.process.fixtures.Slf4jLoggingBundle.class;
        return TinyBundles.bundle()
                .setHeader(Constants.BUNDLE_SYMBOLICNAME, symbolicName)
                .setHeader(Constants.BUNDLE_VERSION, "1.0.0")
                .setHeader(Constants.BUNDLE_ACTIVATOR, activator.getName())
                .setHeader(Constants.IMPORT_PACKAGE, "org.slf4j;version=\"" + slf4jRange + "\", *")
                .addClass(activator)
                .build(TinyBundles.bndBuilder());
    }

    /**
     * A bundle of {@code spinners} CPU-bound subsystems and one idle subsystem
     * ({@link io.procdaemon.itests.process.fixtures.SpinnerBundle}).
     */
    static InputStream spinnerBundle(int spinners, String thread) {
        Class<?> activator = io.procdaemon.itests.process.fixtures.SpinnerBundle.class;
        return TinyBundles.bundle()
                .setHeader(Constants.BUNDLE_SYMBOLICNAME, "io.procdaemon.itests.fixture.spinner")
                .setHeader(Constants.BUNDLE_VERSION, "1.0.0")
                .setHeader(Constants.BUNDLE_ACTIVATOR, activator.getName())
                .setHeader(io.procdaemon.itests.process.fixtures.SpinnerBundle.SPINNERS_HEADER, Integer.toString(spinners))
                .setHeader(io.procdaemon.itests.process.fixtures.SpinnerBundle.THREAD_HEADER, thread)
                .addClass(activator)
                .build(TinyBundles.bndBuilder());
    }

    /** A bundle importing a package nobody exports: it installs, but cannot resolve. */
    static InputStream unresolvableBundle() {
        return manifestOnly(UNRESOLVABLE_BSN)
                .setHeader(Constants.IMPORT_PACKAGE, "does.not.exist")
                .addResource("readme.txt", text("imports does.not.exist, which no bundle exports"))
                .build(TinyBundles.rawBuilder());
    }

    /**
     * A bundle that needs four things nobody provides (two packages the {@link #libraryBundle()}
     * exports, a package nobody exports, the CDI extender) and one it may do without (optional).
     */
    static InputStream needyBundle() {
        return manifestOnly(NEEDY_BSN)
                .setHeader(Constants.IMPORT_PACKAGE, "com.fasterxml.jackson.core;version=\"[2.17,3)\","
                        + "org.apache.commons.lang3;version=\"[3.14,4)\",does.not.exist,javax.annotation.fake;resolution:=optional,"
                        + "org.osgi.framework;version=\"[1.8,2)\"")
                .setHeader(Constants.REQUIRE_CAPABILITY,
                        "osgi.extender;filter:=\"(&(osgi.extender=osgi.cdi)(version>=1.0.0)(!(version>=2.0.0)))\"")
                .addResource("readme.txt", text("needs what nobody provides"))
                .build(TinyBundles.rawBuilder());
    }

    /** A bundle that needs only what {@link #libraryBundle()} exports: {@code install -r} completes it. */
    static InputStream libraryUserBundle() {
        return manifestOnly(LIBRARY_USER_BSN)
                .setHeader(Constants.IMPORT_PACKAGE, "com.fasterxml.jackson.core;version=\"[2.17,3)\"")
                .addResource("readme.txt", text("needs the library"))
                .build(TinyBundles.rawBuilder());
    }

    /** A bundle exporting two of the packages {@link #needyBundle()} needs (no classes: the exports are what counts). */
    static InputStream libraryBundle() {
        return manifestOnly(LIBRARY_BSN)
                .setHeader(Constants.EXPORT_PACKAGE, "com.fasterxml.jackson.core;version=\"2.17.2\",org.apache.commons.lang3;version=\"3.17.0\"")
                .addResource("com/fasterxml/jackson/core/readme.txt", text("an export, nothing more"))
                .addResource("org/apache/commons/lang3/readme.txt", text("an export, nothing more"))
                .build(TinyBundles.rawBuilder());
    }

    /** A bundle of one text file and no imports: it installs, resolves and starts. */
    static InputStream emptyBundle() {
        return manifestOnly(EMPTY_BSN)
                .addResource("readme.txt", text("a bundle with no code"))
                .build(TinyBundles.rawBuilder());
    }

    /**
     * A bundle that embeds its own copy of the daemon's API (every {@code io/procdaemon/api/}
     * entry of {@code apiJar}), exports it as 1.4.9: higher than the daemon's 1.4.0, so a resolver
     * left alone prefers it for any bundle resolved after it, and inside every range the
     * daemon's bundles and the examples import; and registers a Subsystem of that copy
     * ({@link RogueSubsystem}).
     */
    static InputStream rogueApiBundle(Path apiJar) throws IOException {
        var bundle = manifestOnly(ROGUE_API_BSN)
                .setHeader(Constants.EXPORT_PACKAGE, "io.procdaemon.api;version=\"1.4.9\"")
                .setHeader(Constants.IMPORT_PACKAGE, "org.osgi.framework")
                .setHeader(Constants.BUNDLE_ACTIVATOR, RogueSubsystem.class.getName())
                .addClass(RogueSubsystem.class);
        try (JarInputStream in = new JarInputStream(Files.newInputStream(apiJar))) {
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                if (entry.getName().startsWith("io/procdaemon/api/") && !entry.isDirectory()) {
                    bundle.addResource(entry.getName(), new ByteArrayInputStream(in.readAllBytes()));
                }
            }
        }
        return bundle.build(TinyBundles.rawBuilder());
    }

    /** A jar with a manifest but no OSGi headers at all: not a bundle. */
    static InputStream plainJar() {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new JarEntry("hello.txt"));
            jar.write("a plain jar, not an OSGi bundle\n".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    /** The same bundle with one more entry: same name and version, different content. */
    static InputStream changedCopy(Path bundle, String marker) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(Files.newInputStream(bundle));
                JarOutputStream out = new JarOutputStream(bytes, in.getManifest())) {
            for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                out.putNextEntry(new JarEntry(entry.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/changed-" + marker + ".txt"));
            out.write(marker.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    /** A bundle of one activator class (and its inner classes); bnd computes the manifest. */
    private static InputStream activatorBundle(String symbolicName, Class<? extends BundleActivator> activator) {
        return TinyBundles.bundle()
                .setHeader(Constants.BUNDLE_SYMBOLICNAME, symbolicName)
                .setHeader(Constants.BUNDLE_VERSION, "1.0.0")
                .setHeader(Constants.BUNDLE_ACTIVATOR, activator.getName())
                .addClass(activator)
                .build(TinyBundles.bndBuilder());
    }

    /** A bundle of manifest headers (R4 manifest, version 1.0.0), for the rawBuilder: no bnd analysis. */
    private static TinyBundle manifestOnly(String symbolicName) {
        return TinyBundles.bundle()
                .setHeader(Constants.BUNDLE_MANIFESTVERSION, "2")
                .setHeader(Constants.BUNDLE_SYMBOLICNAME, symbolicName)
                .setHeader(Constants.BUNDLE_VERSION, "1.0.0");
    }

    private static InputStream text(String content) {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }
}
