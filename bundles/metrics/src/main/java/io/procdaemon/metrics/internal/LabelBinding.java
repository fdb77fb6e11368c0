package io.procdaemon.metrics.internal;

import java.util.List;
import java.util.function.Function;

/**
 * One metric bound to some of its label values (the subsystem's, at least): once every label has
 * its value, the data point to record on, looked up once. What the counter, gauge and timer
 * handles share.
 *
 * @param <P> the client's data point type
 */
final class LabelBinding<P> {

    private final String kind;
    private final String name;
    private final List<String> labelNames;
    private final Function<String[], P> points;
    private final String[] bound;
    /** Null until every label has its value. */
    private final P point;

    /**
     * @param kind {@code counter}, {@code gauge} or {@code timer}, for messages
     * @param points the client metric's {@code labelValues}
     */
    LabelBinding(String kind, String name, List<String> labelNames, Function<String[], P> points, String... bound) {
        this.kind = kind;
        this.name = name;
        this.labelNames = labelNames;
        this.points = points;
        this.bound = bound;
        this.point = bound.length == labelNames.size() ? points.apply(bound) : null;
    }

    String name() {
        return name;
    }

    /** @return the data point; refused while a label has no value yet */
    P point() {
        if (point == null) {
            throw Labels.unbound(kind, name, labelNames, bound.length);
        }
        return point;
    }

    /** @return this binding with {@code values} for the labels still free */
    LabelBinding<P> labels(String... values) {
        return new LabelBinding<>(kind, name, labelNames, points, Labels.values(name, labelNames, bound, values));
    }
}
