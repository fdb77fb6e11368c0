package io.procdaemon.core.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class StopOrderTest {

    private static Set<String> names(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }

    @Test
    void independentSubsystemsStopTogetherInOneWave() {
        assertEquals(List.of(Set.of("a", "b", "c")), StopOrder.waves(names("a", "b", "c"), Map.of()));
    }

    @Test
    void usersStopBeforeTheirProviders() {
        // web uses db and cache; cache uses db.
        Map<String, Set<String>> uses = Map.of("web", Set.of("db", "cache"), "cache", Set.of("db"));
        assertEquals(List.of(Set.of("web", "metrics"), Set.of("cache"), Set.of("db")),
                StopOrder.waves(names("db", "cache", "web", "metrics"), uses));
    }

    @Test
    void providersThatAreNotSupervisedAreIgnored() {
        assertEquals(List.of(Set.of("web")), StopOrder.waves(names("web"), Map.of("web", Set.of("gone"))));
    }

    @Test
    void aCycleStopsTogetherAfterEverythingOutsideIt() {
        Map<String, Set<String>> uses = Map.of("a", Set.of("b"), "b", Set.of("a"), "user", Set.of("a"));
        assertEquals(List.of(Set.of("user"), Set.of("a", "b")), StopOrder.waves(names("a", "b", "user"), uses));
    }

    @Test
    void aSubsystemUsingItselfIsNoCycle() {
        assertEquals(List.of(Set.of("self")), StopOrder.waves(names("self"), Map.of("self", Set.of("self"))));
    }
}
