package io.procdaemon.itests.process;

import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Constants;

import io.procdaemon.itests.process.fixtures.StormSubsystem;

/**
 * A restart storm (a subsystem that fails at once, restarted without limit) must not flood the
 * log: the first reports of each kind are written, the rest summarised with their count.
 */
public class RestartStormTest extends ProcessTestSupport {

    private static final Pattern RESTARTS = Pattern.compile("restarts\\W+(\\d+)");

    private static InputStream stormBundle() {
        return TinyBundles.bundle()
                .setHeader(Constants.BUNDLE_SYMBOLICNAME, "io.procdaemon.itests.fixture.storm")
                .setHeader(Constants.BUNDLE_VERSION, "1.0.0")
                .setHeader(Constants.BUNDLE_ACTIVATOR, StormSubsystem.class.getName())
                .addClass(StormSubsystem.class)
                .build(TinyBundles.bndBuilder());
    }

    private int restarts() throws Exception {
        Matcher matcher = RESTARTS.matcher(home.launcher("client", "daemon:info", StormSubsystem.NAME).output());
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    @Test
    public void aRestartStormIsSummarisedNotWrittenLineByLine() throws Exception {
        home.deploy("storm.jar", stormBundle());
        home.launcher("start").assertExit(OK);
        home.awaitLogLine("subsystem=" + StormSubsystem.NAME + " id=");
        DistributionHome.await("a storm of 2,000 restarts", () -> {
            try {
                return restarts() >= 2_000;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, home::log);
        home.launcher("stop").assertExit(OK);

        String log = home.log();
        long lines = DistributionHome.countLines(log, "subsystem=" + StormSubsystem.NAME + " ");
        // a few kinds of report (failed, restarting, starting, running), each at most BURST (10)
        // lines and one summary per 10 s window: far below one line per restart
        assertTrue(lines + " lines about the storm:\n" + log.substring(0, Math.min(log.length(), 20_000)), lines < 200);
        assertTrue(log, log.contains("more reports like this not written"));
        assertTrue("the first failure's stack is written:\n" + log, log.contains("at " + StormSubsystem.class.getName() + ".run"));
    }
}
