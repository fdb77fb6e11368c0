package io.procdaemon.metrics.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import io.procdaemon.metrics.Metrics;

/** Label names and values: the subsystem's label first, then the author's. */
final class Labels {

    /** Prometheus' classic rules: what every scraper and promtool read without escaping. */
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private Labels() {
    }

    /** @return {@code name}, refused unless it follows Prometheus' classic rules */
    static String checkedName(String name) {
        if (name == null || !METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name '" + name + "' refused: it must match " + METRIC_NAME);
        }
        return name;
    }

    /** @return {@code subsystem} followed by the author's names; refuses the author's {@code subsystem} */
    static List<String> names(String metric, String... authorNames) {
        List<String> names = new ArrayList<>(authorNames.length + 1);
        names.add(Metrics.SUBSYSTEM_LABEL);
        for (String name : authorNames) {
            if (name == null || !LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
                throw new IllegalArgumentException("metric '" + metric + "': label name '" + name + "' refused: it must match "
                        + LABEL_NAME + " and not start with __");
            }
            if (Metrics.SUBSYSTEM_LABEL.equals(name)) {
                throw new IllegalArgumentException("metric '" + metric + "': the label '" + Metrics.SUBSYSTEM_LABEL
                        + "' is set by the daemon; name the others only");
            }
            names.add(name);
        }
        return names;
    }

    /** @return the bound values followed by {@code values}, checked against the free label names */
    static String[] values(String metric, List<String> names, String[] bound, String... values) {
        int free = names.size() - bound.length;
        if (values.length != free) {
            throw new IllegalArgumentException("metric '" + metric + "' has the labels " + names.subList(bound.length, names.size())
                    + ": " + free + " values expected, got " + values.length + " " + Arrays.toString(values));
        }
        String[] all = Arrays.copyOf(bound, names.size());
        System.arraycopy(values, 0, all, bound.length, values.length);
        return all;
    }

    static IllegalStateException unbound(String kind, String metric, List<String> names, int bound) {
        return new IllegalStateException(kind + " '" + metric + "' has the labels " + names.subList(bound, names.size())
                + ": call labels(...) first");
    }
}
