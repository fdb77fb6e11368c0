package io.procdaemon.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.procdaemon.api.Health;
import io.procdaemon.api.RestartPolicy;
import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.SubsystemState;
import io.procdaemon.core.health.ProbeReport.Probe;

class ProbeReportTest {

    private static final List<SubsystemInfo> ONE = List.of(new SubsystemInfo(1, "web \"main\"", SubsystemState.FAILED,
            RestartPolicy.never(), Instant.EPOCH, Optional.empty(), Optional.empty(), 2, Optional.empty(),
            Health.unhealthy("port 80\ttaken\n"), List.of()));

    @Test
    void readyNeedsTheBootFinishedNoShutdownAndAHealthyDaemon() {
        Health healthy = Health.healthy();
        assertTrue(ProbeReport.of(Probe.READY, false, true, null, healthy, List.of()).up());
        assertEquals("starting", ProbeReport.of(Probe.READY, true, false, null, healthy, List.of()).reason());
        ProbeReport stopping = ProbeReport.of(Probe.READY, true, true, "GRACEFUL", healthy, List.of());
        assertFalse(stopping.up());
        assertEquals("shutting down: GRACEFUL", stopping.reason());
        ProbeReport failed = ProbeReport.of(Probe.READY, true, true, null, Health.unhealthy("flaky is FAILED"), ONE);
        assertFalse(failed.up());
        assertEquals(503, failed.httpStatus());
        assertEquals("flaky is FAILED", failed.reason());
    }

    @Test
    void liveIsTheSupervisorAnsweringAndStartedIsTheBootWhateverTheSubsystems() {
        Health unhealthy = Health.unhealthy("flaky is FAILED");
        assertTrue(ProbeReport.of(Probe.LIVE, true, false, "FORCE", unhealthy, ONE).up());
        assertFalse(ProbeReport.of(Probe.LIVE, false, true, null, Health.healthy(), List.of()).up());
        assertTrue(ProbeReport.of(Probe.STARTED, false, true, null, unhealthy, ONE).up());
        assertFalse(ProbeReport.of(Probe.STARTED, true, false, null, Health.healthy(), List.of()).up());
        assertEquals("/health/started", Probe.STARTED.path());
    }

    @Test
    void theBodyIsJsonWithEveryStringEscaped() {
        String json = ProbeReport.of(Probe.READY, true, true, null, Health.unhealthy("web \"main\" is FAILED"), ONE).json();
        assertEquals("{\"probe\":\"ready\",\"status\":\"DOWN\",\"reason\":\"web \\\"main\\\" is FAILED\",\"subsystems\":"
                + "[{\"name\":\"web \\\"main\\\"\",\"state\":\"FAILED\",\"healthy\":false,\"detail\":\"port 80\\ttaken\\n\","
                + "\"restarts\":2}]}\n", json);
    }
}
