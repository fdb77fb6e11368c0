package io.procdaemon.logging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Version;

class RootLoggerGuardTest {

    private static final Logger ROOT = Logger.getLogger("");
    private static final String SYSTEM = "file:///home/system/";

    private final RootLoggerGuard guard = new RootLoggerGuard(7, SYSTEM);
    private List<Handler> handlersBefore;
    private Level levelBefore;

    @BeforeEach
    void remember() {
        handlersBefore = List.of(ROOT.getHandlers());
        levelBefore = ROOT.getLevel();
    }

    @AfterEach
    void restore() {
        for (Handler handler : ROOT.getHandlers()) {
            ROOT.removeHandler(handler);
        }
        handlersBefore.forEach(ROOT::addHandler);
        ROOT.setLevel(levelBefore);
    }

    @Test
    void aDeployedBundlesHandlerAndLevelAreUndoneWhenItsStartReturns() {
        Bundle deployed = bundle(42, "com.example.logging", "file:/home/deploy/x.jar");
        Handler foreign = new ConsoleHandler();

        guard.bundleChanged(new BundleEvent(BundleEvent.STARTING, deployed));
        ROOT.addHandler(foreign);
        ROOT.setLevel(Level.ALL);
        assertTrue(Arrays.asList(ROOT.getHandlers()).contains(foreign), "not undone before the start returns");
        guard.bundleChanged(new BundleEvent(BundleEvent.STARTED, deployed));

        assertFalse(Arrays.asList(ROOT.getHandlers()).contains(foreign));
        assertEquals(levelBefore, ROOT.getLevel());
    }

    @Test
    void aHandlerRemovedByADeployedBundlesStartIsPutBack() {
        Handler ours = new ConsoleHandler();
        ROOT.addHandler(ours);
        Bundle deployed = bundle(43, "com.example.reset", "file:/home/deploy/y.jar");

        guard.bundleChanged(new BundleEvent(BundleEvent.STARTING, deployed));
        ROOT.removeHandler(ours);
        guard.bundleChanged(new BundleEvent(BundleEvent.STOPPED, deployed));

        assertTrue(Arrays.asList(ROOT.getHandlers()).contains(ours), "a start that failed is undone too");
    }

    @Test
    void theDaemonsOwnBundlesMaySetTheLevel() {
        Bundle core = bundle(20, "io.procdaemon.core", SYSTEM + "proc-daemon-core.jar");
        Bundle fromSystem = bundle(21, "org.apache.felix.scr", SYSTEM + "scr.jar");
        assertTrue(guard.trusted(core));
        assertTrue(guard.trusted(fromSystem));
        assertFalse(guard.trusted(bundle(44, "com.example", "file:/home/deploy/z.jar")));

        guard.bundleChanged(new BundleEvent(BundleEvent.STARTING, core));
        ROOT.setLevel(Level.FINE);
        guard.bundleChanged(new BundleEvent(BundleEvent.STARTED, core));

        assertEquals(Level.FINE, ROOT.getLevel());
    }

    @Test
    void osgiLevelsMapBothWays() {
        assertEquals(Level.SEVERE, OsgiLogForwarder.level(org.osgi.service.log.LogLevel.ERROR));
        assertEquals(Level.SEVERE, OsgiLogForwarder.level(org.osgi.service.log.LogLevel.AUDIT));
        assertEquals(Level.FINE, OsgiLogForwarder.level(org.osgi.service.log.LogLevel.DEBUG));
        assertEquals(org.osgi.service.log.LogLevel.INFO, OsgiLogForwarder.osgiLevel(Level.INFO));
        assertEquals(org.osgi.service.log.LogLevel.DEBUG, OsgiLogForwarder.osgiLevel(Level.FINE));
        assertEquals(org.osgi.service.log.LogLevel.TRACE, OsgiLogForwarder.osgiLevel(Level.FINEST));
        assertEquals(org.osgi.service.log.LogLevel.INFO, OsgiLogForwarder.osgiLevel(null), "unset: INFO, java.util.logging's default");
    }

    private static Bundle bundle(long id, String symbolicName, String location) {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBundleId" -> id;
                    case "getSymbolicName" -> symbolicName;
                    case "getLocation" -> location;
                    case "getVersion" -> Version.emptyVersion;
                    case "hashCode" -> (int) id;
                    case "equals" -> proxy == args[0];
                    case "toString" -> symbolicName;
                    default -> null;
                });
    }
}
