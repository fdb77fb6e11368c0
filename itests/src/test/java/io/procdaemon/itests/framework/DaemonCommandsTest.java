package io.procdaemon.itests.framework;

import static io.procdaemon.api.SubsystemState.FAILED;
import static io.procdaemon.api.SubsystemState.RESTARTING;
import static io.procdaemon.api.SubsystemState.RUNNING;
import static io.procdaemon.api.SubsystemState.STARTING;
import static io.procdaemon.api.SubsystemState.STOPPED;
import static io.procdaemon.api.SubsystemState.STOPPING;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Job;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.util.tracker.ServiceTracker;

import io.procdaemon.api.ShutdownCoordinator;
import io.procdaemon.api.ShutdownTimeouts;
import io.procdaemon.api.Subsystem;
import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.SubsystemListener;
import io.procdaemon.api.Supervisor;

/**
 * The daemon:* commands, run through Gogo's real CommandProcessor as the attached shell runs them,
 * against subsystems this test registers itself (so it decides when they fail). The framework is
 * shared by the class: every test uses subsystems of its own names and leaves them in a steady
 * state (RUNNING, FAILED for good, or STOPPED and held), so the counts of daemon:status can be
 * compared with the supervisor's. A real daemon:shutdown is in {@link DaemonShutdownCommandTest}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DaemonCommandsTest extends InFrameworkTestSupport {

    private static final String NAME = "shell-test-daemon";

    private final Transitions transitions = new Transitions();
    private ServiceRegistration<SubsystemListener> listening;
    private Supervisor supervisor;

    @Override
    protected Option[] extraOptions() {
        return withDaemonToml(String.join("\n", "name = \"" + NAME + "\"", "hot_reload = false",
                "[shutdown]", "graceful = 3000", "force = 7000", "kill = 9000", ""));
    }

    @Before
    public void services() throws Exception {
        supervisor = service(Supervisor.class);
        listening = context.registerService(SubsystemListener.class, transitions, null);
        for (String scope : new String[] {"(&(osgi.command.scope=daemon)(osgi.command.function=status))",
                "(&(osgi.command.scope=daemon)(osgi.command.function=list))"}) {
            ServiceTracker<Object, Object> commands = new ServiceTracker<>(context, context.createFilter(scope), null);
            commands.open();
            assertNotNull("no " + scope, commands.waitForService(TimeUnit.SECONDS.toMillis(BOUND_SECONDS)));
        }
        // The daemon's configuration reaches the commands' component asynchronously after boot.
        awaitOutput("daemon:status", status -> status.contains(NAME) && status.contains("graceful 3000 ms"));
    }

    @After
    public void stopListening() {
        listening.unregister();
    }

    // ---- helpers

    /**
     * Runs a command until its output passes, within the bound: only for state that arrives
     * asynchronously and has no event to wait on (a component's configuration).
     */
    private String awaitOutput(String command, java.util.function.Predicate<String> passes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        String output = run(command);
        while (!passes.test(output)) {
            assertTrue(command + " never printed what was expected; last:\n" + output, System.nanoTime() < deadline);
            Thread.sleep(50);
            output = run(command);
        }
        return output;
    }

    private ServiceRegistration<Subsystem> register(String name, String policy, Subsystem body) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Subsystem.NAME_PROPERTY, name);
        properties.put("restart.policy", policy);
        properties.put("health.interval.ms", 0L);
        return context.registerService(Subsystem.class, body, properties);
    }

    /** A subsystem that runs until asked to stop. */
    private static Subsystem steady() {
        return shutdown -> shutdown.awaitShutdown();
    }

    /** A subsystem that fails at once. */
    private static Subsystem broken(String name) {
        return shutdown -> {
            throw new IllegalStateException("broken on purpose: " + name);
        };
    }

    /** Registers a steady subsystem and waits until it runs; its transitions so far are consumed. */
    private void running(String name, String policy) throws InterruptedException {
        register(name, policy, steady());
        // Registered after the listener, so its transition will be heard: wait for that, not for the
        // state, which is visible before listeners hear it (a later drain would miss a late report).
        transitions.await(name, RUNNING);
        transitions.drain(name);
    }

    /** Registers a subsystem that fails for good and waits for that; its transitions so far are consumed. */
    private void failed(String name) throws InterruptedException {
        register(name, "never", broken(name));
        transitions.await(name, FAILED);
        transitions.drain(name);
    }

    private SubsystemInfo info(String name) {
        return supervisor.subsystem(name).orElseThrow();
    }

    private static void assertLine(String output, String regex) {
        assertTrue("no line matching " + regex + " in:\n" + output,
                Pattern.compile("^" + regex + "$", Pattern.MULTILINE).matcher(output).find());
    }

    private String known() {
        return supervisor.subsystems().stream().map(SubsystemInfo::name).collect(Collectors.joining(", "));
    }

    // ---- status

    @Test
    public void statusShowsNamePidTimeoutsCountsByStateAndHealth() throws Exception {
        running("status-running", "always");
        failed("status-failed");

        String status = run("daemon:status");
        assertLine(status, "name +" + NAME);
        assertLine(status, "pid +" + ProcessHandle.current().pid());
        assertLine(status, "uptime +\\S.*");
        assertLine(status, "state +running");
        assertLine(status, "shutdown +graceful 3000 ms, force 7000 ms, kill 9000 ms");
        Map<String, Integer> byState = new TreeMap<>();
        supervisor.subsystems().forEach(info -> byState.merge(info.state().name(), 1, Integer::sum));
        assertTrue(byState.toString(), byState.get("RUNNING") >= 1 && byState.get("FAILED") >= 1);
        String counts = byState.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        assertLine(status, "subsystems +" + supervisor.subsystems().size() + ": " + Pattern.quote(counts));
        assertLine(status, "health +unhealthy: .*status-failed is FAILED.*");
        assertFalse(status, status.contains("status-running is"));
    }

    // ---- list and info

    @Test
    public void listHasARowPerSubsystemWithTheLastErrorOfAFailedOne() throws Exception {
        running("listed-ok", "always");
        failed("listed-broken");

        String list = run("daemon:list");
        assertLine(list, "NAME +STATE +RESTARTS +UPTIME +POLICY +LAST ERROR");
        assertLine(list, "listed-ok +RUNNING +0 +\\S+ +always +-");
        // The error's first line, cut at 60 characters
        assertLine(list, "listed-broken +FAILED +0 +- +never +"
                + Pattern.quote("java.lang.IllegalStateException: broken on purpose: liste...") + " \\(\\S+ ago\\)");
        assertEquals("one row per subsystem, under the header", supervisor.subsystems().size() + 1, list.lines().count());
    }

    @Test
    public void infoShowsTheStackOfTheLastErrorAndTheRestartHistory() throws Exception {
        failed("info-broken");
        String info = run("daemon:info info-broken");
        assertLine(info, "name +info-broken");
        assertLine(info, "state +FAILED");
        assertLine(info, "policy +never");
        assertLine(info, "restarts +0");
        assertLine(info, "last error +\\S+ " + Pattern.quote("java.lang.IllegalStateException: broken on purpose: info-broken"));
        assertLine(info, " {4}" + Pattern.quote("java.lang.IllegalStateException: broken on purpose: info-broken"));
        assertLine(info, " {4}\tat " + Pattern.quote(DaemonCommandsTest.class.getName()) + "\\..*");
        assertLine(info, "history +no restarts");

        // A policy restart, then an operator's
        CountDownLatch failOnce = new CountDownLatch(1);
        register("info-phoenix", "onFailure", shutdown -> {
            if (failOnce.getCount() > 0) {
                failOnce.countDown();
                throw new IllegalStateException("first run fails");
            }
            shutdown.awaitShutdown();
        });
        transitions.await("info-phoenix", RESTARTING);
        transitions.await("info-phoenix", RUNNING);
        assertLine(run("daemon:restart info-phoenix"), "info-phoenix restarted: (STARTING|RUNNING)");
        transitions.await("info-phoenix", RUNNING);
        info = run("daemon:info info-phoenix");
        assertLine(info, "restarts +1");
        assertLine(info, "last error +\\S+ java.lang.IllegalStateException: first run fails");
        assertLine(info, Pattern.quote("history (last " + SubsystemInfo.HISTORY + " restarts):"));
        assertLine(info, " {4}\\S+  policy onFailure");
        assertLine(info, " {4}\\S+  restarted by operator");
        assertTrue(info, info.indexOf("policy onFailure") < info.indexOf("restarted by operator"));
    }

    // ---- stop, start, restart

    @Test
    public void stopHoldsASubsystemStoppedWithoutAPolicyRestart() throws Exception {
        running("held", "always");
        assertEquals("held stopped: STOPPED (held by operator)", run("daemon:stop held"));
        assertEquals(List.of(STOPPING, STOPPED), transitions.take("held", 2));
        assertLine(run("daemon:list"), "held +STOPPED \\(held by operator\\) +0 +- +always +-");
        assertLine(run("daemon:info held"), "state +STOPPED \\(held by operator\\)");

        // A bounded negative check, with an event as its end instead of a sleep: a witness with the
        // same policy (always, no delay) fails now. Its restart goes through the supervisor's one
        // scheduler thread; a restart of "held" would have been scheduled earlier (when its run ended,
        // before the stop command returned) with the same zero delay, so it would run first. Once
        // the witness is starting again, "held" has had every chance to restart.
        CountDownLatch failNow = new CountDownLatch(1);
        AtomicReference<Boolean> first = new AtomicReference<>(true);
        register("held-witness", "always", shutdown -> {
            if (first.getAndSet(false)) {
                failNow.await();
                throw new IllegalStateException("witness fails once");
            }
            shutdown.awaitShutdown();
        });
        transitions.await("held-witness", RUNNING);
        failNow.countDown();
        transitions.await("held-witness", RESTARTING);
        transitions.await("held-witness", STARTING);
        assertEquals("no transition of held after its stop", List.of(), transitions.drain("held"));
        assertEquals(STOPPED, info("held").state());
        assertTrue(info("held").held());

        // Stopping it again changes nothing
        assertEquals("held stopped: STOPPED (held by operator)", run("daemon:stop held"));
        assertEquals(List.of(), transitions.drain("held"));
    }

    @Test
    public void startRunsAStoppedOrFailedSubsystemAgainAndClearsTheHold() throws Exception {
        running("restartable", "always");
        run("daemon:stop restartable");
        transitions.await("restartable", STOPPED);
        assertLine(run("daemon:start restartable"), "restartable started: (STARTING|RUNNING)");
        transitions.await("restartable", RUNNING);
        assertFalse(info("restartable").held());
        assertLine(run("daemon:list"), "restartable +RUNNING +0 +\\S+ +always +-");
        assertEquals("restartable is already RUNNING", run("daemon:start restartable"));

        // Failed for good (policy never): started again by hand
        failed("start-broken");
        assertLine(run("daemon:start start-broken"), "start-broken started: \\S+");
        assertEquals(List.of(STARTING, RUNNING, FAILED), transitions.take("start-broken", 3));
    }

    @Test
    public void restartStopsAndStartsARunningSubsystem() throws Exception {
        running("bounced", "never");
        assertLine(run("daemon:restart bounced"), "bounced restarted: (STARTING|RUNNING)");
        assertEquals(List.of(STOPPING, STOPPED, STARTING, RUNNING), transitions.take("bounced", 4));
        SubsystemInfo info = info("bounced");
        assertEquals(RUNNING, info.state());
        assertFalse(info.held());
        assertEquals("an operator's restart is not a policy restart", 0, info.restartCount());
        assertEquals("restarted by operator", info.restarts().get(info.restarts().size() - 1).reason());
    }

    // ---- events

    @Test
    public void eventsListRecentChangesOldestFirstAndLinesLimitsThem() throws Exception {
        running("evented", "always");
        run("daemon:stop evented");
        run("daemon:start evented");
        transitions.await("evented", RUNNING);

        String events = run("daemon:events -n " + 500);
        String stopping = "evented  RUNNING -> STOPPING  stopped by operator";
        assertLine(events, "\\S+  " + Pattern.quote(stopping));
        assertLine(events, "\\S+  evented  STOPPING -> STOPPED");
        assertLine(events, "\\S+  evented  STOPPED -> STARTING");
        assertTrue(events, events.indexOf(stopping) < events.lastIndexOf("evented  STOPPED -> STARTING"));

        for (int i = 0; i < 7; i++) {
            failed("evented-filler-" + i); // three changes each: more than the default 20 in all
        }
        String last = run("daemon:events -n 1");
        assertEquals(last, 1, last.lines().count());
        assertLine(last, "\\S+  evented-filler-6  RUNNING -> FAILED  "
                + Pattern.quote("java.lang.IllegalStateException: broken on purpose: evented-filler-6"));
        assertEquals(3, run("daemon:events --lines 3").lines().count());
        assertEquals("the default is 20", 20, run("daemon:events").lines().count());
        assertEquals("-n 0 prints none, and does not claim there are none", "", run("daemon:events -n 0"));
        assertEquals("--lines -1: give 0 or more", fails("daemon:events -n -1"));
    }

    @Test
    public void followingPrintsNewChangesUntilTheJobIsInterrupted() throws Exception {
        running("followed", "always");
        CommandProcessor processor = service(CommandProcessor.class);
        Output out = new Output();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), print, print);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread follower = new Thread(() -> {
            try {
                outcome.set(session.execute("daemon:events -f -n 0"));
            } catch (Exception e) {
                outcome.set(e);
            }
        }, "test-events-follower");
        follower.start();
        try {
            Job job = awaitForegroundJob(session);
            CommandThreads.awaitFollowing();
            supervisor.stop("followed");
            out.await("followed  RUNNING -> STOPPING  stopped by operator");
            out.await("followed  STOPPING -> STOPPED");
            supervisor.start("followed");
            out.await("followed  STARTING -> RUNNING");
            assertTrue("still following", follower.isAlive());

            assertTrue("the command runs on a thread of its own", CommandThreads.running("events") > 0);

            job.interrupt();
            follower.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
            assertFalse("daemon:events -f ended when its job was interrupted", follower.isAlive());
            // Gogo reports the interrupted job as an InterruptedException; the shell prints "interrupted".
            assertTrue("ended by the interrupt: " + outcome.get(), outcome.get() instanceof InterruptedException);
            CommandThreads.awaitNone("events");
            assertFalse(out.text(), out.text().contains("no state changes yet"));
        } finally {
            follower.interrupt();
            session.close();
        }
    }

    /** The session's foreground job, once the command has started. */
    private static Job awaitForegroundJob(CommandSession session) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        Job job;
        while ((job = session.foregroundJob()) == null) {
            assertTrue("the command never started", System.nanoTime() < deadline);
            Thread.sleep(10);
        }
        return job;
    }

    /** A command's output that a test can wait on. */
    private static final class Output extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        synchronized void await(String expected) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
            while (!text().contains(expected)) {
                long left = deadline - System.nanoTime();
                assertTrue("never printed '" + expected + "'; printed:\n" + text(), left > 0);
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    // ---- reload

    @Test
    public void reloadReadsEtcAgainWhileHotReloadIsOff() throws Exception {
        ConfigurationEvents events = new ConfigurationEvents();
        ServiceRegistration<ConfigurationListener> registration = context.registerService(ConfigurationListener.class, events, null);
        try {
            ConfigurationAdmin configurationAdmin = service(ConfigurationAdmin.class);
            Files.writeString(configDirectory().resolve("on-reload.toml"), "value = 7\n");
            // hot_reload = false: nothing watches etc/, so only the reload can bring the file in.
            assertNull(configurationAdmin.listConfigurations("(service.pid=on-reload)"));

            String reloaded = run("daemon:reload");
            assertTrue(reloaded, reloaded.contains(" 1 applied, ") && reloaded.contains(" 0 refused"));
            assertTrue(reloaded, reloaded.lines().anyMatch(line -> line.startsWith("applied ") && line.endsWith("/on-reload.toml")));
            events.awaitUpdate("on-reload");
            Configuration[] found = configurationAdmin.listConfigurations("(service.pid=on-reload)");
            assertEquals(7L, found[0].getProperties().get("value"));
        } finally {
            registration.unregister();
        }
    }

    // ---- shutdown: bad input only (a real one ends this framework's daemon)

    @Test
    public void shutdownRefusesABadTimeoutNamingItAndTheValidFormsAndDoesNothing() throws Exception {
        ShutdownCoordinator coordinator = service(ShutdownCoordinator.class);
        ShutdownTimeouts before = coordinator.timeouts();
        assertEquals("--timeout 'abc' is not a duration; use milliseconds (2000) or a unit: 500ms, 2s, 1m",
                fails("daemon:shutdown -t abc"));
        assertEquals("--timeout '0' must be more than zero", fails("daemon:shutdown -t 0"));
        assertEquals("--timeout '-2s' must be more than zero", fails("daemon:shutdown --timeout -2s"));
        assertTrue(fails("daemon:shutdown -t 1e300s").startsWith("--timeout '1e300s' is too long"));
        assertFalse("no shutdown began", coordinator.isShutdown());
        assertEquals("the timeouts are as they were", before, coordinator.timeouts());
        assertLine(run("daemon:status"), "state +running");
    }

    // ---- bad input

    @Test
    public void anUnknownSubsystemIsQuotedWithTheKnownNames() throws Exception {
        running("known-one", "always");
        String expected = "no subsystem 'htp'; known: " + known();
        assertTrue(expected, expected.contains("known-one"));
        for (String command : new String[] {"info", "start", "stop", "restart"}) {
            assertEquals("daemon:" + command, expected, fails("daemon:" + command + " htp"));
        }
        assertEquals("nothing was started or stopped", List.of(), transitions.drain("known-one"));
    }

    @Test
    public void aMissingArgumentIsGogosErrorNamingTheCommand() throws Exception {
        for (String command : new String[] {"info", "start", "stop", "restart"}) {
            assertEquals("Cannot coerce " + command + "() to any of [(String)]", fails("daemon:" + command));
        }
    }

    @Test
    public void anUnknownCommandIsGogosCommandNotFound() {
        assertEquals("Command not found: daemon:lst", fails("daemon:lst"));
        assertEquals("Command not found: daemon:statsu", fails("daemon:statsu"));
    }
}
