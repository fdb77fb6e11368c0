package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import org.junit.Test;
import org.ops4j.pax.tinybundles.TinyBundle;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Constants;

/**
 * What an update or removal in deploy/ refreshes, and the line that says so: only the changed
 * bundle and the bundles wired to it (its dependency closure) are restarted.
 *
 * <p>Four bundles, deployed in this order: {@code unrelated} (no imports), {@code optional} (an
 * optional import of the library's package, started before the library exists, so not wired to
 * it), then {@code lib} (exports the package) and {@code app} (imports it).
 */
public class HotDeployRefreshTest extends ProcessTestSupport {

    private static final String PACKAGE = "io.procdaemon.itests.fixture.lib";
    private static final String LIB = "io.procdaemon.itests.fixture.lib";
    private static final String APP = "io.procdaemon.itests.fixture.app";
    private static final String UNRELATED = "io.procdaemon.itests.fixture.unrelated";
    private static final String OPTIONAL = "io.procdaemon.itests.fixture.optional";
    private static final String REFRESH = "deploy: refresh after ";

    @Test
    public void anUpdateRestartsTheLibraryAndItsImporterAndNothingElse() throws Exception {
        deployAll();

        home.deploy("lib.jar", bundle(LIB, "1.0.1", Constants.EXPORT_PACKAGE, PACKAGE + ";version=1.0.1"));
        String line = home.awaitLogLine(REFRESH);

        assertEquals("the line names the update and every bundle it restarted:\n" + home.log(),
                REFRESH + "update of " + LIB + " 1.0.1 restarted: " + LIB + " 1.0.1, " + APP + " 2.0.0", tail(line));
        for (String untouched : List.of(UNRELATED, OPTIONAL)) {
            assertFalse("not named: " + line, line.contains(untouched));
            assertNotRestarted(untouched);
        }
    }

    @Test
    public void anUpdateOfABundleNothingIsWiredToRestartsJustThatBundle() throws Exception {
        deployAll();

        home.deploy("unrelated.jar", bundle(UNRELATED, "1.0.1", null, null));
        String line = home.awaitLogLine(REFRESH);

        assertEquals(home.log(), REFRESH + "update of " + UNRELATED + " 1.0.1 restarted: " + UNRELATED + " 1.0.1", tail(line));
        for (String untouched : List.of(LIB, APP, OPTIONAL)) {
            assertNotRestarted(untouched);
        }
    }

    @Test
    public void removingTheLibrarySaysItsImporterStoppedAndDidNotComeBack() throws Exception {
        deployAll();

        Files.delete(home.path("deploy/lib.jar"));
        String line = home.awaitLogLine(REFRESH);

        assertEquals(home.log(), REFRESH + "uninstall of " + LIB + " 1.0.0 restarted: nothing; stopped and not active again: "
                + APP + " 2.0.0", tail(line));
        assertNotRestarted(UNRELATED);
        assertNotRestarted(OPTIONAL);
        home.launcher("status").assertExit(OK);
    }

    /**
     * A jar exporting a package that system bundles import optionally (org.osgi.service.log:
     * ConfigAdmin, EventAdmin, SCR, FileInstall itself). With FileInstall's default scope its
     * install refreshed all of them, and FileInstall deadlocked with its own refresh; shipped, it
     * touches nothing else and the daemon still stops cleanly.
     */
    @Test
    public void aJarExportingAPackageSystemBundlesImportOptionallyRestartsOnlyItself() throws Exception {
        home.launcher("start").assertExit(OK);
        String logApi = "io.procdaemon.itests.fixture.logapi";
        String export = "org.osgi.service.log;version=1.4.0";
        home.deploy("logapi.jar", bundle(logApi, "1.0.0", Constants.EXPORT_PACKAGE, export));
        home.awaitLogLine("bundle started: " + logApi);

        home.deploy("logapi.jar", bundle(logApi, "1.0.1", Constants.EXPORT_PACKAGE, export));
        String line = tail(home.awaitLogLine(REFRESH));

        assertEquals(home.log(), REFRESH + "update of " + logApi + " 1.0.1 restarted: " + logApi + " 1.0.1", line);
        assertEquals("only the deployed bundle ever stopped:\n" + home.log(), 1, DistributionHome.countLines(home.log(), "bundle stopped: "));
        home.launcher("stop").assertExit(OK);
        assertTrue("a graceful stop, not a forced one:\n" + home.log(), home.log().contains("proc-daemon stopped; exit code 0"));
    }

    /**
     * FileInstall's own default optional-import scope ({@code all}), which etc/config.properties
     * overrides: installing the library already refreshes the bundle whose optional import it
     * could satisfy, though nothing is wired to the library yet. Shows what the shipped setting
     * prevents, and that the tests above can fail.
     */
    @Test
    public void withFileInstallsDefaultScopeTheOptionalImporterIsRestartedToo() throws Exception {
        home.launcher(javaOpts("-Dfelix.fileinstall.optionalImportRefreshScope=all"), "start").assertExit(OK);
        deployInOrder();

        // The scan that took the library (the application may come in the same scan, before or after it, or the next).
        String line = tail(home.awaitLogLine(REFRESH));
        String changes = line.substring(0, line.indexOf(" restarted: "));
        assertTrue(home.log(), changes.startsWith(REFRESH + "install of ") && changes.contains(LIB + " 1.0.0"));
        assertTrue(home.log(), line.endsWith(" restarted: " + OPTIONAL + " 1.0.0"));
        assertNotRestarted(UNRELATED);
    }

    /** Starts the daemon and deploys the four bundles; installing them is not worth a refresh line. */
    private void deployAll() throws Exception {
        home.launcher("start").assertExit(OK);
        deployInOrder();
        assertEquals("installing is not worth a refresh line:\n" + home.log(), 0, DistributionHome.countLines(home.log(), REFRESH));
    }

    /** Deploys the four bundles, the two that must not be wired to the library first, and waits until all run. */
    private void deployInOrder() throws Exception {
        home.deploy("unrelated.jar", bundle(UNRELATED, "1.0.0", null, null));
        home.deploy("optional.jar", bundle(OPTIONAL, "1.0.0", Constants.IMPORT_PACKAGE, PACKAGE + ";resolution:=optional"));
        home.awaitLogLine("bundle started: " + UNRELATED);
        home.awaitLogLine("bundle started: " + OPTIONAL);

        home.deploy("lib.jar", bundle(LIB, "1.0.0", Constants.EXPORT_PACKAGE, PACKAGE + ";version=1.0.0"));
        home.deploy("app.jar", bundle(APP, "2.0.0", Constants.IMPORT_PACKAGE, PACKAGE));
        home.awaitLogLine("bundle started: " + LIB);
        home.awaitLogLine("bundle started: " + APP);
    }

    /**
     * The line is written once the refresh has settled, after the events it reports, on the same
     * event thread as the per-bundle lines: so the log is complete for the bundle when it is read.
     */
    private void assertNotRestarted(String symbolicName) {
        String log = home.log();
        assertEquals("no 'stopped' for " + symbolicName + ":\n" + log, 0, DistributionHome.countLines(log, "bundle stopped: " + symbolicName));
        assertEquals("one start of " + symbolicName + ", at its install:\n" + log, 1,
                DistributionHome.countLines(log, "bundle started: " + symbolicName));
        assertEquals("one install of " + symbolicName + ", so the same bundle id:\n" + log, 1,
                DistributionHome.countLines(log, "bundle installed: " + symbolicName));
    }

    /** @return the message of a log line, after the level and logger */
    private static String tail(String line) {
        return line.substring(line.indexOf(REFRESH));
    }

    /** A bundle of one text entry and the given manifest header (none if {@code header} is null). */
    private static InputStream bundle(String symbolicName, String version, String header, String value) {
        TinyBundle bundle = TinyBundles.bundle()
                .setHeader(Constants.BUNDLE_MANIFESTVERSION, "2")
                .setHeader(Constants.BUNDLE_SYMBOLICNAME, symbolicName)
                .setHeader(Constants.BUNDLE_VERSION, version)
                .addResource("fixture.txt", new ByteArrayInputStream((symbolicName + " " + version).getBytes(StandardCharsets.UTF_8)));
        if (header != null) {
            bundle.setHeader(header, value);
        }
        return bundle.build(TinyBundles.rawBuilder());
    }
}
