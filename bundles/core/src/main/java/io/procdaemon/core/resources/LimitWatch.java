package io.procdaemon.core.resources;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Soft and hard limits of the resources, judged sample by sample. A crossing is reported once
 * when the value reaches a limit, not at every sample above it; it is reported again only after
 * the value has gone back under the soft limit (or under the hard one, for a hard limit without a
 * soft one), so a value hovering at a limit does not flood the log. Not thread-safe: the monitor
 * calls it from its one sampling thread.
 */
final class LimitWatch {

    /** The level a resource is at. */
    enum Level {
        UNDER, SOFT, HARD
    }

    /**
     * One change of level.
     *
     * @param resource what
     * @param level the level reached ({@link Level#UNDER} when it went back under)
     * @param value the sampled value
     * @param limit the limit crossed (for {@link Level#UNDER}, the one it went back under)
     */
    record Crossing(Resource resource, Level level, long value, long limit) {
    }

    /**
     * @param soft 0 for none
     * @param hard 0 for none
     */
    record Limits(long soft, long hard) {
        static final Limits NONE = new Limits(0, 0);

        boolean any() {
            return soft > 0 || hard > 0;
        }
    }

    private final Map<Resource, Limits> limits = new EnumMap<>(Resource.class);
    private final Map<Resource, Level> levels = new EnumMap<>(Resource.class);

    /** New limits; a resource keeps its level, judged afresh at the next sample. */
    void limits(Map<Resource, Limits> newLimits) {
        limits.clear();
        limits.putAll(newLimits);
    }

    /**
     * @param samples the values of this sample; a resource missing (it could not be read) is skipped
     * @return the crossings, in the order of {@link Resource}
     */
    List<Crossing> judge(Map<Resource, Long> samples) {
        List<Crossing> crossings = new ArrayList<>();
        for (Resource resource : Resource.values()) {
            Limits limit = limits.getOrDefault(resource, Limits.NONE);
            Long value = samples.get(resource);
            Level before = levels.getOrDefault(resource, Level.UNDER);
            if (value == null) {
                continue;
            }
            Level now = level(value, limit);
            if (now.compareTo(before) > 0) {
                crossings.add(new Crossing(resource, now, value, now == Level.HARD ? limit.hard() : limit.soft()));
                levels.put(resource, now);
            } else if (now == Level.UNDER && before != Level.UNDER) {
                crossings.add(new Crossing(resource, Level.UNDER, value, limit.soft() > 0 ? limit.soft() : limit.hard()));
                levels.put(resource, now);
            }
        }
        return crossings;
    }

    private static Level level(long value, Limits limit) {
        if (limit.hard() > 0 && value >= limit.hard()) {
            return Level.HARD;
        }
        if (limit.soft() > 0 && value >= limit.soft()) {
            return Level.SOFT;
        }
        return Level.UNDER;
    }
}
