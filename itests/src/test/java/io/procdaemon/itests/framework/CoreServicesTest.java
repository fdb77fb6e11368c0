package io.procdaemon.itests.framework;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Optional;

import org.junit.Test;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.junit.runner.RunWith;
import org.osgi.framework.Bundle;

import io.procdaemon.api.ShutdownCoordinator;
import io.procdaemon.api.ShutdownHandle;
import io.procdaemon.api.ShutdownPhase;
import io.procdaemon.api.ShutdownReason;
import io.procdaemon.api.ShutdownTimeouts;
import io.procdaemon.api.SignalService;

/** The core bundle's services in real Felix with real SCR; a fresh framework per test. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class CoreServicesTest extends InFrameworkTestSupport {

    @Override
    protected Option[] extraOptions() {
        return withDaemonToml("[shutdown]\ngraceful = 300\nforce = 600\nkill = 900\n");
    }

    @Test
    public void coreServicesAreRegisteredWithTheTimeoutsOfDaemonToml() throws InterruptedException {
        ShutdownCoordinator coordinator = service(ShutdownCoordinator.class);
        assertEquals(ShutdownTimeouts.ofMillis(300, 600, 900), coordinator.timeouts());
        assertFalse(coordinator.isShutdown());
        assertEquals(ShutdownPhase.RUNNING, coordinator.progress().phase());
        SignalService signals = service(SignalService.class);
        assertTrue(signals.handled().toString(), signals.handled().containsAll(java.util.Set.of("TERM", "INT", "HUP")));
    }

    @Test
    public void embeddedCoordinatorCompletesWithoutEndingTheHostFramework() throws Exception {
        ShutdownCoordinator coordinator = service(ShutdownCoordinator.class);
        ShutdownHandle handle = coordinator.register("probe", null);
        assertTrue(coordinator.initiate(ShutdownReason.REQUESTED));
        assertTrue(handle.isShutdown());
        handle.ready();
        // The supervisor is a participant too; it becomes ready on its own thread.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (coordinator.progress().phase() != ShutdownPhase.COMPLETED) {
            assertTrue("not completed: " + coordinator.progress(), System.nanoTime() < deadline);
            Thread.onSpinWait();
        }
        assertEquals(Bundle.ACTIVE, context.getBundle(0).getState());
    }

    @Test
    public void stoppingTheCoreBundleTellsEveryParticipant() throws Exception {
        ShutdownHandle handle = service(ShutdownCoordinator.class).register("probe", null);
        assertFalse(handle.isShutdown());
        installedBundle("io.procdaemon.core").stop();
        assertTrue(handle.isShutdown());
        assertEquals(Optional.of(ShutdownReason.REQUESTED), handle.reason());
    }
}
