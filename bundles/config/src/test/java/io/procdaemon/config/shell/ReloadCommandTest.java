package io.procdaemon.config.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.procdaemon.api.SignalService;
import io.procdaemon.config.install.FileVerdicts;
import io.procdaemon.config.toml.ConfigProblem;

/** daemon:reload says what it applied and refused, and fails when it refused a file. */
class ReloadCommandTest {

    private final List<String> raised = new ArrayList<>();
    private final SignalService signals = (SignalService) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {SignalService.class}, (proxy, method, args) -> {
                if (method.getName().equals("raise")) {
                    raised.add((String) args[0]);
                    return null;
                }
                throw new UnsupportedOperationException(method.getName());
            });

    /** Answers a wait for the reload after the 4th with this one; no other. */
    private static FileVerdicts verdicts(FileVerdicts.Reload reload) {
        return new FileVerdicts() {
            @Override
            public SortedMap<String, List<ConfigProblem>> refused() {
                return reload.refused();
            }

            @Override
            public long reloadsBegun() {
                return 4;
            }

            @Override
            public Optional<Reload> awaitReload(long begun, Duration bound) {
                return begun == 4 ? Optional.ofNullable(reload) : Optional.empty();
            }
        };
    }

    private static SortedMap<String, List<ConfigProblem>> refused(ConfigProblem... problems) {
        SortedMap<String, List<ConfigProblem>> refused = new TreeMap<>();
        for (ConfigProblem problem : problems) {
            refused.computeIfAbsent(problem.file(), file -> new ArrayList<>()).add(problem);
        }
        return refused;
    }

    @Test
    void aCleanReloadSaysWhatItAppliedAndSucceeds() throws Exception {
        FileVerdicts.Reload reload = new FileVerdicts.Reload(List.of("etc/app.toml"), List.of("etc/daemon.toml"), List.of(),
                refused());
        assertEquals("etc/ re-read: 2 files, 1 applied, 1 unchanged, 0 refused\napplied    etc/app.toml",
                new ReloadCommand(signals, verdicts(reload)).reload());
        assertEquals(List.of("HUP"), raised, "the very reload SIGHUP makes");
    }

    @Test
    void aRefusedFileFailsTheReloadNamingFileLineKeyAndWhy() {
        FileVerdicts.Reload reload = new FileVerdicts.Reload(List.of(), List.of("etc/daemon.toml"), List.of(),
                refused(new ConfigProblem("etc/app.toml", 2, 8, "port", "expected an integer, found a string")));
        IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> new ReloadCommand(signals, verdicts(reload)).reload());
        assertEquals(String.join("\n", "etc/ re-read: 2 files, 0 applied, 1 unchanged, 1 refused",
                "refused    etc/app.toml (its last good configuration is kept):",
                "  etc/app.toml line 2, column 8, key 'port': expected an integer, found a string"), failed.getMessage());
    }

    @Test
    void aReloadThatNeverEndsIsReportedAsSuch() {
        IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> new ReloadCommand(signals, verdicts(null)).reload());
        assertTrue(failed.getMessage().startsWith("etc/ was not re-read within 60 s of SIGHUP"), failed.getMessage());
    }
}
