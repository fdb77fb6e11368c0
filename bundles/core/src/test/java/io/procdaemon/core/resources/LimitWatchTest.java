package io.procdaemon.core.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.procdaemon.core.resources.LimitWatch.Crossing;
import io.procdaemon.core.resources.LimitWatch.Level;
import io.procdaemon.core.resources.LimitWatch.Limits;

class LimitWatchTest {

    private final LimitWatch watch = new LimitWatch();

    private List<Crossing> sample(long threads) {
        return watch.judge(Map.of(Resource.THREADS, threads));
    }

    @Test
    void aCrossingIsReportedOncePerCrossingNotPerSample() {
        watch.limits(Map.of(Resource.THREADS, new Limits(50, 100)));
        assertEquals(List.of(), sample(40));
        assertEquals(List.of(new Crossing(Resource.THREADS, Level.SOFT, 60, 50)), sample(60));
        assertEquals(List.of(), sample(70));
        assertEquals(List.of(), sample(55));
        assertEquals(List.of(new Crossing(Resource.THREADS, Level.HARD, 120, 100)), sample(120));
        assertEquals(List.of(), sample(130));
        assertEquals(List.of(), sample(60), "down from hard to soft: no new report");
        assertEquals(List.of(new Crossing(Resource.THREADS, Level.UNDER, 30, 50)), sample(30));
        assertEquals(List.of(new Crossing(Resource.THREADS, Level.SOFT, 51, 50)), sample(51), "a new crossing");
    }

    @Test
    void aJumpPastBothLimitsIsOneHardCrossing() {
        watch.limits(Map.of(Resource.THREADS, new Limits(50, 100)));
        assertEquals(List.of(new Crossing(Resource.THREADS, Level.HARD, 500, 100)), sample(500));
    }

    @Test
    void aHardLimitAloneReArmsUnderItself() {
        watch.limits(Map.of(Resource.THREADS, new Limits(0, 100)));
        assertEquals(List.of(new Crossing(Resource.THREADS, Level.HARD, 100, 100)), sample(100));
        assertEquals(List.of(new Crossing(Resource.THREADS, Level.UNDER, 99, 100)), sample(99));
    }

    @Test
    void noLimitsNothingReportedAndAMissingSampleChangesNothing() {
        assertEquals(List.of(), sample(1_000_000));
        watch.limits(Map.of(Resource.THREADS, new Limits(50, 0)));
        assertEquals(1, sample(60).size());
        assertEquals(List.of(), watch.judge(Map.of()));
        assertEquals(List.of(), sample(60));
    }

    @Test
    void resourcesAreJudgedEachOnItsOwn() {
        watch.limits(Map.of(Resource.RSS, new Limits(64, 128), Resource.OPEN_FILES, new Limits(100, 0)));
        assertEquals(List.of(new Crossing(Resource.RSS, Level.SOFT, 70, 64), new Crossing(Resource.OPEN_FILES,
                Level.SOFT, 100, 100)), watch.judge(Map.of(Resource.RSS, 70L, Resource.OPEN_FILES, 100L,
                Resource.THREADS, 9999L)));
    }
}
