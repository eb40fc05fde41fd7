package org.vmpbd.daemon.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One metric: its name, help, type and label names, and one series per set of label values.
 * Series are created on first use and live until removed; lookups are a {@link ConcurrentHashMap}
 * read, so the hot path takes no lock.
 *
 * @param <S> what one series holds (a counter's adder, a gauge's value, ...)
 */
public abstract sealed class MetricFamily<S> permits Counter, Gauge, CallbackGauge, Histogram {
    private static final Comparator<List<String>> BY_VALUES = (a, b) -> {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final ConcurrentHashMap<List<String>, S> series = new ConcurrentHashMap<>();

    MetricFamily(String name, String help, List<String> labelNames) {
        this.name = MetricNames.requireMetricName(name);
        this.help = Objects.requireNonNull(help, "help of " + name);
        this.labelNames = MetricNames.requireLabelNames(name, labelNames);
    }

    public final String name() {
        return name;
    }

    public final String help() {
        return help;
    }

    public final List<String> labelNames() {
        return labelNames;
    }

    public abstract MetricType type();

    /** Removes the series with exactly these label values; true if there was one. */
    public final boolean remove(String... labelValues) {
        return series.remove(key(labelValues)) != null;
    }

    /** Removes every series whose label {@code labelName} equals {@code value}; returns how many. */
    public final int removeWhere(String labelName, String value) {
        int index = labelNames.indexOf(labelName);
        if (index < 0) {
            return 0;
        }
        int removed = 0;
        for (List<String> key : series.keySet()) {
            if (key.get(index).equals(value) && series.remove(key) != null) {
                removed++;
            }
        }
        return removed;
    }

    /** How many series this metric has now. */
    public final int seriesCount() {
        return series.size();
    }

    /** The names of the samples this metric writes (a histogram writes three). */
    List<String> sampleNames() {
        return List.of(name);
    }

    final S getOrCreate(String[] labelValues, Supplier<S> factory) {
        List<String> key = key(labelValues);
        S s = series.get(key);
        return s != null ? s : series.computeIfAbsent(key, k -> factory.get());
    }

    final void put(String[] labelValues, S value) {
        series.put(key(labelValues), value);
    }

    /** Appends the {@code # HELP}, {@code # TYPE} and sample lines, series sorted by label values. */
    final void writeTo(StringBuilder out) {
        out.append("# HELP ").append(name).append(' ').append(Exposition.escapeHelp(help)).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type().exposition()).append('\n');
        List<Map.Entry<List<String>, S>> entries = new ArrayList<>(series.entrySet());
        entries.sort(Map.Entry.comparingByKey(BY_VALUES));
        for (Map.Entry<List<String>, S> e : entries) {
            writeSeries(out, e.getKey(), e.getValue());
        }
    }

    abstract void writeSeries(StringBuilder out, List<String> labelValues, S series);

    /** Appends one sample line {@code name{labels} value}. */
    final void sample(StringBuilder out, String sampleName, List<String> labelValues,
                      String extraLabel, String extraValue, String value) {
        out.append(sampleName);
        Exposition.appendLabels(out, labelNames, labelValues, extraLabel, extraValue);
        out.append(' ').append(value).append('\n');
    }

    private List<String> key(String[] labelValues) {
        if (labelValues == null || labelValues.length != labelNames.size()) {
            throw new IllegalArgumentException("metric " + name + " takes " + labelNames.size()
                + " label value(s) " + labelNames + ", got "
                + (labelValues == null ? "null" : labelValues.length + " " + Arrays.toString(labelValues)));
        }
        for (int i = 0; i < labelValues.length; i++) {
            if (labelValues[i] == null) {
                throw new IllegalArgumentException("metric " + name + ": label " + labelNames.get(i) + " is null");
            }
        }
        return List.of(labelValues);
    }
}
