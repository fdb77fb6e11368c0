package io.procdaemon.core.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.procdaemon.core.bundle.DeployVerdicts.Entry;
import io.procdaemon.core.bundle.DeployVerdicts.Problem;

/** When an entry of deploy/ is judged and reported: once settled, once per state. The clock is a number. */
class DeployVerdictsTest {

    private static final long SETTLE = DeployVerdicts.SETTLE.toNanos();

    private final DeployVerdicts verdicts = new DeployVerdicts();
    /** What the judge says of each file name; a name not in it is a bundle. */
    private final Map<String, String> reasons = new HashMap<>();
    private final List<String> judged = new ArrayList<>();

    private List<Problem> scan(long now, Entry... listing) {
        return verdicts.scan(List.of(listing), now, name -> {
            judged.add(name);
            return reasons.get(name);
        });
    }

    private static Entry file(String name, long size, long modified) {
        return new Entry(name, false, size, modified);
    }

    @Test
    public void aFileIsJudgedOnlyOnceItHasKeptItsStateForTheSettleTime() {
        reasons.put("x.jar", "no META-INF/MANIFEST.MF");
        assertEquals(List.of(), scan(0, file("x.jar", 10, 1)));
        assertEquals(List.of(), scan(SETTLE - 1, file("x.jar", 10, 1)), "not yet settled");
        assertEquals(List.of(), judged, "not even opened before it settled");

        assertEquals(List.of(new Problem("x.jar", false, "no META-INF/MANIFEST.MF")), scan(SETTLE, file("x.jar", 10, 1)));
    }

    @Test
    public void aFileIsReportedOncePerStateNotAtEveryScan() {
        reasons.put("x.jar", "no Bundle-SymbolicName");
        scan(0, file("x.jar", 10, 1));
        assertEquals(1, scan(SETTLE, file("x.jar", 10, 1)).size());
        assertEquals(List.of(), scan(2 * SETTLE, file("x.jar", 10, 1)));
        assertEquals(List.of(), scan(100 * SETTLE, file("x.jar", 10, 1)));
        assertEquals(List.of("x.jar"), judged, "opened once");
    }

    /** A copy in chunks with pauses: each pause shorter than the settle time goes unreported. */
    @Test
    public void aFileStillGrowingIsNotJudgedAndItsCompleteStateIsJudgedAfresh() {
        reasons.put("slow.jar", "cannot be read as a jar: zip END header not found");
        long now = 0;
        for (long size = 100; size <= 500; size += 100) {
            assertEquals(List.of(), scan(now, file("slow.jar", size, size)));
            now += SETTLE / 2;
            assertEquals(List.of(), scan(now, file("slow.jar", size, size)));
            now += SETTLE / 4;
        }
        assertEquals(List.of(), judged);

        reasons.remove("slow.jar"); // complete: a bundle
        scan(now, file("slow.jar", 600, 600));
        assertEquals(List.of(), scan(now + SETTLE, file("slow.jar", 600, 600)));
        assertEquals(List.of("slow.jar"), judged, "judged once complete and settled; a bundle: nothing to report");
    }

    /** A writer that stalls longer than the settle time: the part is reported, the whole judged again. */
    @Test
    public void aReportedPartialFileIsJudgedAgainWhenItChanges() {
        reasons.put("slow.jar", "cannot be read as a jar: zip END header not found");
        scan(0, file("slow.jar", 100, 1));
        assertEquals(1, scan(SETTLE, file("slow.jar", 100, 1)).size());

        reasons.put("slow.jar", "no Bundle-SymbolicName in META-INF/MANIFEST.MF");
        scan(2 * SETTLE, file("slow.jar", 200, 2));
        List<Problem> again = scan(3 * SETTLE, file("slow.jar", 200, 2));
        assertEquals(List.of(new Problem("slow.jar", false, "no Bundle-SymbolicName in META-INF/MANIFEST.MF")), again);
    }

    @Test
    public void aSameSizedRewriteIsANewStateThroughItsModificationTime() {
        reasons.put("x.jar", "no META-INF/MANIFEST.MF");
        scan(0, file("x.jar", 10, 1));
        scan(SETTLE, file("x.jar", 10, 1));
        scan(2 * SETTLE, file("x.jar", 10, 2));
        assertEquals(1, scan(3 * SETTLE, file("x.jar", 10, 2)).size());
    }

    @Test
    public void aDirectoryIsReportedOnceWithoutAskingTheJudge() {
        Entry dir = new Entry("unpacked.jar", true, 4096, 7);
        scan(0, dir);
        assertEquals(List.of(new Problem("unpacked.jar", true, null)), scan(SETTLE, dir));
        assertEquals(List.of(), scan(2 * SETTLE, dir));
        assertEquals(List.of(), judged);
    }

    @Test
    public void anEntryThatIsGoneIsForgottenSoTheSameNameIsJudgedAgain() {
        reasons.put("x.jar", "no META-INF/MANIFEST.MF");
        scan(0, file("x.jar", 10, 1));
        assertEquals(1, scan(SETTLE, file("x.jar", 10, 1)).size());
        assertEquals(List.of(), scan(2 * SETTLE));

        scan(3 * SETTLE, file("x.jar", 10, 1));
        assertEquals(1, scan(4 * SETTLE, file("x.jar", 10, 1)).size(), "dropped again, reported again");
    }

    @Test
    public void aBundleIsJudgedOnceAndNeverReported() {
        scan(0, file("good.jar", 10, 1), file("bad.jar", 5, 1));
        reasons.put("bad.jar", "no META-INF/MANIFEST.MF");
        List<Problem> problems = scan(SETTLE, file("good.jar", 10, 1), file("bad.jar", 5, 1));
        assertEquals(List.of(new Problem("bad.jar", false, "no META-INF/MANIFEST.MF")), problems);
        assertTrue(judged.contains("good.jar"));
        scan(2 * SETTLE, file("good.jar", 10, 1), file("bad.jar", 5, 1));
        assertEquals(2, judged.size());
    }
}
