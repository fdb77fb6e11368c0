package io.procdaemon.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

/**
 * A bundle of deploy/ that does not resolve is named once, with everything it needs at once, in
 * plain words, and {@code daemon:why} says the same. Before, Felix reported one missing package at
 * a time, as FileInstall's raw BundleException with a stack trace.
 */
public class ProvisioningReportTest extends ProcessTestSupport {

    private static final String ALL_FOUR = "cannot resolve; it needs 4 things: "
            + "package com.fasterxml.jackson.core [2.17,3), which no installed bundle exports; "
            + "package org.apache.commons.lang3 [3.14,4), which no installed bundle exports; "
            + "package does.not.exist, which no installed bundle exports; "
            + "extender osgi.cdi [1,2), which no installed bundle provides. "
            + "Add bundles that provide them (into deploy/), or remove it; 'daemon:why " + FixtureJars.NEEDY_BSN
            + "' shows this again";

    @Test
    public void everyUnmetRequirementInOneLineAndFromDaemonWhyAndWhatIsLeftOnceALibraryArrives() throws Exception {
        home.launcher("start").assertExit(OK);
        home.deploy("needy.jar", FixtureJars.needyBundle());

        String line = home.awaitLogLine(ALL_FOUR);
        assertTrue(line, line.contains("WARNING [io.procdaemon.bundles] bundle " + FixtureJars.NEEDY_BSN + " 1.0.0 ["));
        assertTrue(line, line.contains("/deploy/needy.jar)"));

        String why = home.client("daemon:why", "needy.jar").assertExit(OK).output();
        assertTrue(why, why.contains(FixtureJars.NEEDY_BSN + " 1.0.0 ["));
        assertTrue(why, why.contains(" is INSTALLED: it cannot resolve; it needs 4 things:\n"
                + "  package com.fasterxml.jackson.core [2.17,3), which no installed bundle exports\n"
                + "  package org.apache.commons.lang3 [3.14,4), which no installed bundle exports\n"
                + "  package does.not.exist, which no installed bundle exports\n"
                + "  extender osgi.cdi [1,2), which no installed bundle provides"));
        assertEquals(why, home.client("daemon:why", FixtureJars.NEEDY_BSN).assertExit(OK).output());

        // The library brings two of the four: the line comes again with what is left, once.
        home.deploy("library.jar", FixtureJars.libraryBundle());
        home.awaitLogLine("bundle started: " + FixtureJars.LIBRARY_BSN);
        String left = home.awaitLogLine("cannot resolve; it needs 2 things: package does.not.exist, which no installed"
                + " bundle exports; extender osgi.cdi [1,2), which no installed bundle provides.");
        assertTrue(left, left.contains("bundle " + FixtureJars.NEEDY_BSN));
        assertEquals("the first report once:\n" + home.log(), 1, DistributionHome.countLines(home.log(), ALL_FOUR));

        String active = home.client("daemon:why", FixtureJars.LIBRARY_BSN).assertExit(OK).output();
        assertTrue(active, active.contains(FixtureJars.LIBRARY_BSN + " 1.0.0 [") && active.contains(" is ACTIVE: nothing is missing"));
        DistributionHome.Result unknown = home.client("daemon:why", "nothing-of-that-name");
        assertEquals(unknown.output(), FAILURE, unknown.exitCode());
        assertTrue(unknown.output(), unknown.output().contains(
                "no bundle 'nothing-of-that-name'; name it by id, symbolic name or file name in deploy/ ('lb' lists the bundles)"));
    }
}
