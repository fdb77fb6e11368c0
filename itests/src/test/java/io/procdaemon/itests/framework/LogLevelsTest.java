package io.procdaemon.itests.framework;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.procdaemon.logging.LogLevels;

/**
 * The daemon's levels in real Felix with Felix Log: etc/daemon.toml's logging.level and
 * logging.levels, and the shell's log:set, reach java.util.logging and the OSGi Log service's
 * LoggerAdmin together, so a bundle's R7 Logger answers {@code isDebugEnabled()} as the daemon's
 * log filters.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class LogLevelsTest extends InFrameworkTestSupport {

    /** Held: java.util.logging keeps loggers weakly. */
    private static final java.util.logging.Logger PROBE = java.util.logging.Logger.getLogger("org.acme.probe");

    @Override
    protected Option[] extraOptions() {
        return withDaemonToml("[logging]\nlevel = \"warn\"\nlevels = \"org.acme.probe=debug, org.acme.bad=verbose\"\n");
    }

    @Test
    public void etcSetsTheLevelsOfJavaUtilLoggingAndOfTheOsgiLoggersAlike() throws Exception {
        LogLevels levels = service(LogLevels.class);
        await("org.acme.probe at debug", () -> "debug".equals(levels.effective("org.acme.probe")));
        assertEquals(Level.FINE, PROBE.getLevel());
        assertEquals("warn", levels.effective(LogLevels.ROOT));
        assertEquals("the bad entry applies nothing", "warn", levels.effective("org.acme.bad"));

        LoggerFactory factory = service(LoggerFactory.class);
        Logger probe = factory.getLogger("org.acme.probe.Worker");
        Logger other = factory.getLogger("org.acme.other");
        assertTrue("below a logger set to debug", probe.isDebugEnabled());
        assertFalse(probe.isTraceEnabled());
        assertFalse("the root's warn", other.isInfoEnabled());
        assertTrue(other.isWarnEnabled());
    }

    @Test
    public void logSetAppliesAtOnceToBothAndLogGetSaysSo() throws Exception {
        LogLevels levels = service(LogLevels.class);
        await("org.acme.probe at debug", () -> "debug".equals(levels.effective("org.acme.probe")));
        Logger other = service(LoggerFactory.class).getLogger("org.acme.other");
        assertFalse(other.isTraceEnabled());

        assertEquals("org.acme.other: trace (was warn)", run("log:set TRACE org.acme.other"));
        assertTrue("at once", other.isTraceEnabled());
        assertEquals(Level.FINEST, java.util.logging.Logger.getLogger("org.acme.other").getLevel());
        assertEquals("org.acme.other.deeper: trace (inherited)", run("log:get org.acme.other.deeper"));
        String all = run("log:get ALL");
        assertTrue(all, all.matches("(?s)LOGGER +LEVEL\nROOT +warn\n.*org\\.acme\\.other +trace.*"));
        assertTrue(all, all.contains("org.acme.probe  ") && all.contains("debug"));

        assertEquals("org.acme.other: warn (was trace)", run("log:set default org.acme.other"));
        assertFalse(other.isInfoEnabled());
        assertEquals("ROOT: error (was warn)", run("log:set error"));
        assertFalse(other.isWarnEnabled());
        assertEquals("ROOT: error", run("log:get"));
        assertTrue(fails("log:set verbose org.acme"), fails("log:set verbose org.acme")
                .contains("unknown level 'verbose'; valid: trace, debug, info, warn, error, off, default"));
        assertTrue(fails("log:set default"), fails("log:set default").contains("the root logger has no parent"));
    }

    /** java.util.logging outlives the framework in this JVM: the next tests get it as it was. */
    @After
    public void restoreTheLevels() {
        java.util.logging.Logger.getLogger("").setLevel(Level.INFO);
        for (String name : new String[] {"org.acme.probe", "org.acme.other", "org.acme.bad"}) {
            java.util.logging.Logger.getLogger(name).setLevel(null);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!condition.getAsBoolean()) {
            assertTrue("waited " + BOUND_SECONDS + " s for " + what, System.nanoTime() < deadline);
            Thread.onSpinWait();
        }
    }
}
