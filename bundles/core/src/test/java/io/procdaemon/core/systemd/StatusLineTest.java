package io.procdaemon.core.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.procdaemon.api.Health;
import io.procdaemon.api.RestartPolicy;
import io.procdaemon.api.SubsystemInfo;
import io.procdaemon.api.SubsystemState;

class StatusLineTest {

    private static SubsystemInfo in(SubsystemState state) {
        return new SubsystemInfo(1, "s", state, RestartPolicy.never(), Instant.EPOCH, Optional.empty(),
                Optional.empty(), 0, Optional.empty(), Health.healthy(), List.of());
    }

    @Test
    void runningFirstThenTheOtherStatesCounted() {
        List<SubsystemInfo> subsystems = List.of(in(SubsystemState.RUNNING), in(SubsystemState.FAILED),
                in(SubsystemState.RUNNING), in(SubsystemState.RESTARTING));
        // The others in the order of the states' lifecycle (SubsystemState's order).
        assertEquals("ready: 2 subsystems running, 1 failed, 1 restarting", StatusLine.of("ready", subsystems));
    }

    @Test
    void oneOrNone() {
        assertEquals("ready: 1 subsystem running", StatusLine.of("ready", List.of(in(SubsystemState.RUNNING))));
        assertEquals("ready: 0 subsystems running, 1 failed", StatusLine.of("ready", List.of(in(SubsystemState.FAILED))));
        assertEquals("ready: no subsystems", StatusLine.of("ready", List.of()));
    }
}
