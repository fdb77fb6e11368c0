package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.Test;

import io.procdaemon.itests.process.fixtures.Slf4jLoggingBundle;

/**
 * One log for every logging API (issue 11, docs/logging-backend-study.md): what a deployed bundle
 * logs through SLF4J reaches the daemon's log as the daemon's own lines do, one formatted line
 * per record (time, level, logger, message; the stack trace after it), not as bare standard-error
 * lines, whether the bundle was built against SLF4J 2 or 1.7.
 */
public class LoggingBackendProcessTest extends ProcessTestSupport {

    /** The daemon's text lines (the launcher's TextLines): time, level padded to 7, [logger], message. */
    private static final Pattern DAEMON_LINE =
            Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4} (INFO|WARNING|SEVERE) +\\[[^\\]]+\\] .*");

    @Test
    public void aBundleLoggingThroughSlf4j2GetsTheDaemonsFormat() throws Exception {
        home.launcher("start").assertExit(OK);

        home.deploy("slf4j2.jar", FixtureJars.slf4jBundle(FixtureJars.SLF4J2_BSN, "[2.0,3)"));
        home.awaitLogLine("bundle started: " + FixtureJars.SLF4J2_BSN);
        home.awaitLogLine(Slf4jLoggingBundle.EXCEPTION);

        // The fluent API's key-value pair: java.util.logging has no field for it (JSON later).
        String fluent = DistributionHome.firstLine(home.log(), Slf4jLoggingBundle.FLUENT);
        assertNotNull("the fluent API's line:\n" + home.log(), fluent);
        assertTrue("in the daemon's format, at INFO, under the bundle's logger: " + fluent, DAEMON_LINE.matcher(fluent).matches()
                && fluent.contains(" INFO ") && fluent.contains("[" + FixtureJars.SLF4J2_BSN + "] "));
        assertFormatted(FixtureJars.SLF4J2_BSN, "INFO", Slf4jLoggingBundle.CLASSIC + " (" + FixtureJars.SLF4J2_BSN + ")");
        String error = assertFormatted(FixtureJars.SLF4J2_BSN, "SEVERE", Slf4jLoggingBundle.FAILURE);
        List<String> lines = home.log().lines().toList();
        int at = lines.indexOf(error);
        assertTrue("the exception follows its line:\n" + home.log(), at >= 0 && at + 1 < lines.size()
                && lines.get(at + 1).equals("java.lang.IllegalStateException: " + Slf4jLoggingBundle.EXCEPTION));
        assertEquals("no SLF4J complaint (no provider, NOP logger) on standard error:\n" + home.log(), 0,
                DistributionHome.countLines(home.log(), "SLF4J(") + DistributionHome.countLines(home.log(), "SLF4J:"));
        home.launcher("status").assertExit(OK);
    }

    @Test
    public void aBundleBuiltAgainstSlf4j17ResolvesAndLogsTheSame() throws Exception {
        home.launcher("start").assertExit(OK);

        home.deploy("slf4j17.jar", FixtureJars.slf4jBundle(FixtureJars.SLF4J17_BSN, "[1.7,2)"));
        home.awaitLogLine("bundle started: " + FixtureJars.SLF4J17_BSN);
        home.awaitLogLine(Slf4jLoggingBundle.EXCEPTION);

        assertFormatted(FixtureJars.SLF4J17_BSN, "INFO", Slf4jLoggingBundle.CLASSIC + " (" + FixtureJars.SLF4J17_BSN + ")");
        assertFormatted(FixtureJars.SLF4J17_BSN, "SEVERE", Slf4jLoggingBundle.FAILURE);
    }

    /**
     * Pax Logging's API bundle, deployed, resets java.util.logging at its start and installs its own
     * handler and level: without the guards every later line of the daemon came out in Pax's
     * fallback format ({@code org.ops4j.pax.logging.pax-logging-api [io.procdaemon.bundles] INFO : ...},
     * no time) with DEBUG lines among them. With them the daemon's lines keep their format, the
     * refusal is named, and FileInstall's errors still arrive.
     */
    @Test
    public void deployingPaxLoggingDivertsNothing() throws Exception {
        home.launcher("start").assertExit(OK);

        home.deploy("pax-logging-api.jar", DistributionHome.fixtureJar("pax-logging-api.jar"));
        home.awaitLogLine("bundle started: org.ops4j.pax.logging.pax-logging-api");
        String undone = home.awaitLogLine("changed java.util.logging's root logger while starting, undone");
        assertTrue("names the bundle: " + undone, undone.contains("org.ops4j.pax.logging.pax-logging-api"));
        assertTrue("the reset was refused and named:\n" + home.log(),
                DistributionHome.countLines(home.log(), "reset() by org.ops4j.pax.logging") == 1);

        home.deploy("examples.jar", DistributionHome.examplesJar());
        String started = home.awaitLogLine("bundle started: io.procdaemon.examples");
        assertTrue("the daemon's format after Pax Logging's start: " + started, DAEMON_LINE.matcher(started).matches());
        home.deploy("unresolvable.jar", FixtureJars.unresolvableBundle());
        String error = home.awaitLogLine("Error while starting bundle");
        assertTrue("FileInstall's error, in the daemon's format: " + error, DAEMON_LINE.matcher(error).matches());
        assertEquals("no line in Pax Logging's format:\n" + home.log(), 0,
                DistributionHome.countLines(home.log(), "org.ops4j.pax.logging.pax-logging-api [io.procdaemon"));
    }

    /**
     * The guard against bundles changing java.util.logging's root leaves the daemon's own alone:
     * the core applies {@code logging.level} while it starts (here debug, from the environment).
     */
    @Test
    public void theDaemonsOwnLevelAtBootIsKept() throws Exception {
        home.launcher(java.util.Map.of("DAEMON_LOGGING__LEVEL", "debug"), "start").assertExit(OK);
        home.awaitLogLine("log level set to debug");
        home.launcher("client", "daemon:status").assertExit(OK);
        String debug = home.awaitLogLine("attached shell: session opened");
        assertTrue("a FINE line: " + debug, debug.contains(" FINE "));
        assertEquals("nothing undone:\n" + home.log(), 0, DistributionHome.countLines(home.log(), "undone"));
    }

    /**
     * The symptom of issue 11: another Felix Log in deploy/, and a restart. FileInstall stays wired
     * to the Log API of system/ (Log 1.5, which Felix Log 1.2.6's [1.4,1.5) import cannot use, and a
     * service of another class space is invisible to it), so its errors still reach the log.
     */
    @Test
    public void anotherLogServiceInDeploySilencesNothingAcrossARestart() throws Exception {
        home.launcher("start").assertExit(OK);
        home.deploy("org.apache.felix.log-1.2.6.jar", DistributionHome.fixtureJar("org.apache.felix.log-1.2.6.jar"));
        home.awaitLogLine("bundle started: org.apache.felix.log 1.2.6");
        home.launcher("stop").assertExit(OK);
        home.launcher("start").assertExit(OK);

        home.deploy("unresolvable.jar", FixtureJars.unresolvableBundle());
        String error = home.awaitLogLine("Error while starting bundle");
        assertTrue("FileInstall's error, in the daemon's format: " + error, DAEMON_LINE.matcher(error).matches());
        assertTrue("and its reason: " + home.log(), home.log().contains("missing requirement [" + FixtureJars.UNRESOLVABLE_BSN));
    }

    /** @return the one log line of that logger, level and message, checked against the daemon's format */
    private String assertFormatted(String logger, String level, String message) {
        String log = home.log();
        String line = DistributionHome.firstLine(log, "[" + logger + "] " + message);
        assertNotNull("a line '[" + logger + "] " + message + "' in the log:\n" + log, line);
        assertTrue("in the daemon's format: " + line, DAEMON_LINE.matcher(line).matches());
        assertTrue("at level " + level + ": " + line, line.contains(" " + level + " "));
        assertTrue("the whole message, nothing after it: " + line, line.endsWith("] " + message));
        assertEquals("once:\n" + log, 1, DistributionHome.countLines(log, "[" + logger + "] " + message));
        return line;
    }
}
