package org.vmpbd.daemon.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A registry of metrics that writes the Prometheus text exposition format 0.0.4. An ordinary
 * instance (bind it as a singleton): no static state. Metrics are registered once, each name
 * once; series are added and removed at any time. Recording is lock-free; registration and the
 * scrape are rare and may lock.
 */
public final class Metrics {
    private final List<MetricFamily<?>> families = new CopyOnWriteArrayList<>();
    private final Map<String, String> sampleOwners = new HashMap<>();

    /** A counter with these label names. */
    public Counter counter(String name, String help, String... labelNames) {
        return register(new Counter(name, help, list(labelNames)));
    }

    /** A gauge with these label names. */
    public Gauge gauge(String name, String help, String... labelNames) {
        return register(new Gauge(name, help, list(labelNames)));
    }

    /** A gauge whose series read a supplier at scrape time. */
    public CallbackGauge callbackGauge(String name, String help, String... labelNames) {
        return register(new CallbackGauge(name, help, list(labelNames)));
    }

    /** A histogram with these finite, increasing bucket bounds ({@code +Inf} is added). */
    public Histogram histogram(String name, String help, List<Double> bounds, String... labelNames) {
        return register(new Histogram(name, help, bounds, list(labelNames)));
    }

    /**
     * Removes, from every metric that has the label {@code labelName}, the series whose value is
     * {@code value} (e.g. all series of a VM that went away); returns how many were removed.
     */
    public int removeSeries(String labelName, String value) {
        int removed = 0;
        for (MetricFamily<?> f : families) {
            removed += f.removeWhere(labelName, value);
        }
        return removed;
    }

    /** The metrics registered so far, in registration order. */
    public List<MetricFamily<?>> families() {
        return List.copyOf(families);
    }

    /** Every metric in registration order, in the text exposition format 0.0.4. */
    public String scrape() {
        StringBuilder out = new StringBuilder(4096);
        for (MetricFamily<?> f : families) {
            f.writeTo(out);
        }
        return out.toString();
    }

    private synchronized <F extends MetricFamily<?>> F register(F family) {
        Set<String> samples = new LinkedHashSet<>(family.sampleNames());
        samples.add(family.name());
        for (String sample : samples) {
            String owner = sampleOwners.get(sample);
            if (owner != null) {
                throw new IllegalArgumentException("metric " + family.name() + " clashes with the already registered metric "
                    + owner + " (both use the name " + sample + ")");
            }
        }
        for (String sample : samples) {
            sampleOwners.put(sample, family.name());
        }
        if (family.labelNames().isEmpty()) {
            materialize(family);
        }
        families.add(family);
        return family;
    }

    /** A metric without labels has exactly one series, present from the start. */
    private static void materialize(MetricFamily<?> family) {
        if (family instanceof Counter c) {
            c.labels();
        } else if (family instanceof Gauge g) {
            g.labels();
        } else if (family instanceof Histogram h) {
            h.labels();
        }
    }

    private static List<String> list(String[] labelNames) {
        if (labelNames == null) {
            throw new IllegalArgumentException("label names must not be null");
        }
        return new ArrayList<>(Arrays.asList(labelNames));
    }
}
