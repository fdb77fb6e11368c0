package io.procdaemon.core.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfiguredLevelsTest {

    @Test
    void entriesAreLoggerEqualsLevelSeparatedByCommas() {
        ConfiguredLevels levels = ConfiguredLevels.parse(" io.procdaemon.supervisor=DEBUG,org.acme = warn ,, org.x=default");
        assertEquals(Map.of("io.procdaemon.supervisor", "debug", "org.acme", "warn", "org.x", "default"), levels.levels());
        assertEquals(List.of("io.procdaemon.supervisor", "org.acme", "org.x"), List.copyOf(levels.levels().keySet()));
        assertEquals(List.of(), levels.problems());
        assertEquals(ConfiguredLevels.parse(""), ConfiguredLevels.parse("  "));
    }

    @Test
    void eachBadEntryIsNamedWithWhatIsValidAndTheGoodOnesStay() {
        ConfiguredLevels levels = ConfiguredLevels.parse("org.acme=verbose, justaname, =info, ROOT=debug, org.ok=info,"
                + " org.ok=error");
        assertEquals(Map.of("org.ok", "info"), levels.levels());
        List<String> problems = levels.problems();
        assertEquals(5, problems.size(), problems.toString());
        assertEquals("etc/daemon.toml key 'logging.levels': entry \"org.acme=verbose\" has no valid level 'verbose';"
                + " valid: logger=level, with a level one of trace, debug, info, warn, error, off, default, entries"
                + " separated by commas; the other entries apply", problems.get(0));
        assertTrue(problems.get(1).contains("entry \"justaname\" is not logger=level"), problems.get(1));
        assertTrue(problems.get(2).contains("entry \"=info\" is not logger=level"), problems.get(2));
        assertTrue(problems.get(3).contains("sets the root logger, whose level is logging.level"), problems.get(3));
        assertTrue(problems.get(4).contains("repeats logger org.ok (org.ok=info applies)"), problems.get(4));
    }
}
