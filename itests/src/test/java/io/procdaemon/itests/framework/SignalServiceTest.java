package io.procdaemon.itests.framework;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;

import io.procdaemon.api.DaemonException;
import io.procdaemon.api.ErrorCode;
import io.procdaemon.api.ShutdownCoordinator;
import io.procdaemon.api.ShutdownHandle;
import io.procdaemon.api.ShutdownReason;
import io.procdaemon.api.SignalService;

/**
 * Real signals, sent with {@code kill} to this test JVM, handled by the core bundle. The core is
 * embedded here (no launcher), so a TERM shuts down its participants but never the JVM.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class SignalServiceTest extends InFrameworkTestSupport {

    @Test
    public void hupReachesSubscribersUntilTheyUnsubscribe() throws Exception {
        SignalService signals = service(SignalService.class);
        AtomicInteger closedCount = new AtomicInteger();
        CountDownLatch witnessFirst = new CountDownLatch(1);
        CountDownLatch witnessSecond = new CountDownLatch(2);
        SignalService.Subscription closing = signals.subscribe("SIGHUP", (name, number) -> {
            assertEquals("HUP", name);
            closedCount.incrementAndGet();
        });
        signals.subscribe("hup", (name, number) -> {
            witnessFirst.countDown();
            witnessSecond.countDown();
        });

        kill("HUP");
        assertTrue("first SIGHUP delivered", witnessFirst.await(BOUND_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, closedCount.get());

        closing.close();
        kill("HUP");
        assertTrue("second SIGHUP delivered", witnessSecond.await(BOUND_SECONDS, TimeUnit.SECONDS));
        // Listeners run in order on one dispatch thread: the witness saw the second signal, so the
        // closed subscription would have too.
        assertEquals(1, closedCount.get());
    }

    @Test
    public void termStartsAGracefulShutdownAndASecondTermForces() throws Exception {
        ShutdownCoordinator coordinator = service(ShutdownCoordinator.class);
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        }, "ignores-shutdown");
        worker.setDaemon(true);
        ShutdownHandle handle = coordinator.register("ignores-shutdown", worker);
        worker.start();

        kill("TERM");
        assertTrue("TERM initiates shutdown", handle.awaitShutdown(java.time.Duration.ofSeconds(BOUND_SECONDS)));
        assertEquals(Optional.of(ShutdownReason.signal(15)), handle.reason());
        assertFalse("not forced by the first TERM", handle.isForced());

        kill("TERM");
        assertTrue("the second TERM interrupts what is left", interrupted.await(BOUND_SECONDS, TimeUnit.SECONDS));
        assertTrue(handle.isForced());
        assertEquals(Optional.of(ShutdownReason.signal(15)), coordinator.reason());
    }

    @Test
    public void aSignalTheJvmRefusesIsReportedNotIgnored() throws Exception {
        SignalService signals = service(SignalService.class);
        try {
            signals.subscribe("QUIT", (name, number) -> { });
            fail("QUIT belongs to the JVM (thread dumps)");
        } catch (DaemonException e) {
            assertEquals(ErrorCode.SIGNAL_REGISTER_FAILED, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("SIGQUIT"));
        }
        assertTrue(signals.refused().toString(), signals.refused().containsKey("QUIT"));
    }

    @Test
    public void anUnknownSignalNameIsQuotedInTheError() throws Exception {
        SignalService signals = service(SignalService.class);
        try {
            signals.subscribe("SIGNOPE", (name, number) -> { });
            fail("no such signal");
        } catch (DaemonException e) {
            assertEquals(ErrorCode.SIGNAL_INVALID, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("'SIGNOPE'"));
        }
    }

    private static void kill(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(ProcessHandle.current().pid()))
                .inheritIO().start();
        assertEquals("kill -" + signal + " exit code", 0, kill.waitFor());
    }
}
