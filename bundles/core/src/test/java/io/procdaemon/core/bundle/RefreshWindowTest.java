package io.procdaemon.core.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.osgi.framework.BundleEvent.INSTALLED;
import static org.osgi.framework.BundleEvent.RESOLVED;
import static org.osgi.framework.BundleEvent.STARTED;
import static org.osgi.framework.BundleEvent.STOPPED;
import static org.osgi.framework.BundleEvent.UNINSTALLED;
import static org.osgi.framework.BundleEvent.UNRESOLVED;
import static org.osgi.framework.BundleEvent.UPDATED;

import org.junit.jupiter.api.Test;

/**
 * The event sequences are those Felix 7.0.5 and FileInstall 3.7.4 produce (seen in the daemon's
 * log): FileInstall stops a bundle, updates it, refreshes, and starts it after the refresh.
 */
class RefreshWindowTest {

    private static final long LIB = 18;
    private static final long APP = 19;
    private static final long OTHER = 17;
    private static final String LIB_1 = "com.example.lib 1.0.0";
    private static final String LIB_2 = "com.example.lib 1.0.1";
    private static final String APP_2 = "com.example.app 2.0.0";
    private static final String OTHER_1 = "com.example.other 1.0.0";

    private final RefreshWindow window = new RefreshWindow();

    private void event(int type, long id, String label) {
        window.bundleEvent(type, id, label);
    }

    /** FileInstall's part of an update: stop, update (the framework unresolves the old revision). */
    private void fileInstallUpdatesLib() {
        event(STOPPED, LIB, LIB_1);
        event(UNRESOLVED, LIB, LIB_1);
        event(UPDATED, LIB, LIB_2);
    }

    /** The framework's part of refreshing a bundle that was active: stop, unresolve, resolve, start. */
    private void refreshRestarts(long id, String label) {
        event(STOPPED, id, label);
        event(UNRESOLVED, id, label);
        event(RESOLVED, id, label);
        event(STARTED, id, label);
    }

    @Test
    void anUpdateNamesTheBundleAndItsImporterOnceTheBundleStartedAgain() {
        fileInstallUpdatesLib();
        refreshRestarts(APP, APP_2);
        assertFalse(window.report().settled(), "the importer is back, but FileInstall has not started the library yet");

        event(STARTED, LIB, LIB_2);

        RefreshReport report = window.report();
        assertTrue(report.settled());
        assertEquals("deploy: refresh after update of " + LIB_2 + " restarted: " + LIB_2 + ", " + APP_2, report.line());
    }

    @Test
    void anUpdateOfABundleNothingIsWiredToNamesJustThatBundle() {
        fileInstallUpdatesLib();
        assertFalse(window.report().settled());

        event(STARTED, LIB, LIB_2);

        assertEquals("deploy: refresh after update of " + LIB_2 + " restarted: " + LIB_2, window.report().line());
    }

    @Test
    void aBundleStoppedBeforeTheChangeIsNotTheChangesDoing() {
        // An operator stopped it earlier; the refresh then only unresolves it (it was not active).
        event(STOPPED, OTHER, OTHER_1);
        fileInstallUpdatesLib();
        event(UNRESOLVED, OTHER, OTHER_1);
        event(STARTED, LIB, LIB_2);

        assertEquals("deploy: refresh after update of " + LIB_2 + " restarted: " + LIB_2, window.report().line());
    }

    @Test
    void aBundleThatStoppedButWasNotRefreshedIsNotNamed() {
        fileInstallUpdatesLib();
        event(STOPPED, OTHER, OTHER_1);    // stopped by someone else meanwhile, not unresolved
        event(STARTED, LIB, LIB_2);

        assertEquals("deploy: refresh after update of " + LIB_2 + " restarted: " + LIB_2, window.report().line());
    }

    @Test
    void anUninstallNamesTheImporterThatCouldNotStartAgain() {
        event(STOPPED, LIB, LIB_2);
        event(UNRESOLVED, LIB, LIB_2);
        event(UNINSTALLED, LIB, LIB_2);
        event(STOPPED, APP, APP_2);
        event(UNRESOLVED, APP, APP_2);
        assertFalse(window.report().settled(), "the refresh may still start the importer again");

        window.frameworkError(APP);    // it could not: its package is gone

        RefreshReport report = window.report();
        assertTrue(report.settled(), "nothing left to wait for");
        assertEquals("deploy: refresh after uninstall of " + LIB_2 + " restarted: nothing; stopped and not active again: "
                + APP_2, report.line());
    }

    @Test
    void whatIsStillAwaitedIsNamedAsNotActiveAgain() {
        fileInstallUpdatesLib();
        refreshRestarts(APP, APP_2);

        // As written when the bound passes: FileInstall could not start the new revision.
        assertEquals("deploy: refresh after update of " + LIB_2 + " restarted: " + APP_2
                + "; stopped and not active again: " + LIB_2, window.report().line());
    }

    @Test
    void anErrorBeforeTheStopIsNotAFailedRestart() {
        window.frameworkError(APP);    // unknown bundle: ignored
        event(STARTED, APP, APP_2);
        window.frameworkError(APP);    // an old error, before the change
        fileInstallUpdatesLib();
        event(STOPPED, APP, APP_2);
        event(UNRESOLVED, APP, APP_2);

        assertFalse(window.report().settled(), "the importer is awaited, not failed");
    }

    @Test
    void installingNewBundlesIsNotReported() {
        event(INSTALLED, LIB, LIB_1);
        event(INSTALLED, APP, APP_2);
        event(STARTED, LIB, LIB_1);

        assertNull(window.report());
    }

    @Test
    void installingAFragmentWhoseHostTheRefreshRestartsIsReported() {
        event(INSTALLED, 30, "com.example.fragment 1.0.0");
        refreshRestarts(APP, APP_2);

        RefreshReport report = window.report();
        assertTrue(report.settled());
        assertEquals("deploy: refresh after install of com.example.fragment 1.0.0 restarted: " + APP_2, report.line());
    }

    @Test
    void severalChangesAreNamedByKindInTheirOrder() {
        event(STOPPED, OTHER, OTHER_1);
        event(UNINSTALLED, OTHER, OTHER_1);
        fileInstallUpdatesLib();
        event(INSTALLED, APP, APP_2);
        event(STARTED, LIB, LIB_2);

        assertEquals("deploy: refresh after uninstall of " + OTHER_1 + " and update of " + LIB_2 + " and install of "
                + APP_2 + " restarted: " + LIB_2, window.report().line());
    }

    @Test
    void afterClearTheNextChangeStartsANewWindow() {
        fileInstallUpdatesLib();
        event(STARTED, LIB, LIB_2);
        window.clear();

        assertNull(window.report(), "no change since");
        event(STOPPED, APP, APP_2);
        event(UNRESOLVED, APP, APP_2);
        assertNull(window.report(), "a stop without a change (a refresh from a shell) is not a change in deploy/");
    }
}
