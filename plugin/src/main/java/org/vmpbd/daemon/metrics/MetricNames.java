package org.vmpbd.daemon.metrics;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks metric and label names against the exposition format's grammar. */
final class MetricNames {
    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private MetricNames() {
    }

    static String requireMetricName(String name) {
        if (name == null || !METRIC.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid metric name " + quote(name)
                + ": must match [a-zA-Z_:][a-zA-Z0-9_:]*");
        }
        return name;
    }

    /** Validates the label names of {@code metric}: grammar, not reserved ({@code __*}), distinct. */
    static List<String> requireLabelNames(String metric, List<String> labels) {
        Set<String> seen = new HashSet<>();
        for (String label : labels) {
            if (label == null || !LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("metric " + metric + ": invalid label name " + quote(label)
                    + ": must match [a-zA-Z_][a-zA-Z0-9_]*");
            }
            if (label.startsWith("__")) {
                throw new IllegalArgumentException("metric " + metric + ": label name " + label
                    + " is reserved (names starting with __ belong to Prometheus)");
            }
            if (!seen.add(label)) {
                throw new IllegalArgumentException("metric " + metric + ": label name " + label + " appears twice");
            }
        }
        return List.copyOf(labels);
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
