package org.vmpbd.daemon.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A histogram with fixed bucket bounds. Each observation lands in one bucket (the first whose
 * bound is {@code >=} it, else the implicit {@code +Inf}); the scrape writes the buckets
 * cumulatively as {@code _bucket{le=...}}, then {@code _sum} and {@code _count}. The count is the
 * {@code +Inf} bucket of the same read, so the two always agree.
 */
public final class Histogram extends MetricFamily<Histogram.Series> {
    /**
     * Bounds in seconds for trap latency: 1 µs to 10 s, 1-2.5-5 per decade (22 bounds, plus
     * {@code +Inf}).
     */
    public static final List<Double> LATENCY_SECONDS = List.of(
        0.000001, 0.0000025, 0.000005,
        0.00001, 0.000025, 0.00005,
        0.0001, 0.00025, 0.0005,
        0.001, 0.0025, 0.005,
        0.01, 0.025, 0.05,
        0.1, 0.25, 0.5,
        1.0, 2.5, 5.0,
        10.0);

    private final double[] bounds;
    private final String[] boundLabels;

    Histogram(String name, String help, List<Double> bounds, List<String> labelNames) {
        super(name, help, labelNames);
        if (labelNames.contains("le")) {
            throw new IllegalArgumentException("histogram " + name + ": label name le is reserved for buckets");
        }
        this.bounds = checkBounds(name, bounds);
        this.boundLabels = new String[this.bounds.length + 1];
        for (int i = 0; i < this.bounds.length; i++) {
            boundLabels[i] = Exposition.formatBound(this.bounds[i]);
        }
        boundLabels[this.bounds.length] = "+Inf";
    }

    @Override
    public MetricType type() {
        return MetricType.HISTOGRAM;
    }

    /** The finite bucket bounds, ascending ({@code +Inf} is implicit). */
    public List<Double> bounds() {
        return Arrays.stream(bounds).boxed().toList();
    }

    /** The series for these label values (created empty on first use). */
    public Series labels(String... labelValues) {
        return getOrCreate(labelValues, () -> new Series(bounds));
    }

    @Override
    List<String> sampleNames() {
        return List.of(name() + "_bucket", name() + "_sum", name() + "_count");
    }

    @Override
    void writeSeries(StringBuilder out, List<String> labelValues, Series series) {
        long cumulative = 0;
        for (int i = 0; i < boundLabels.length; i++) {
            cumulative += series.buckets[i].sum();
            sample(out, name() + "_bucket", labelValues, "le", boundLabels[i], Long.toString(cumulative));
        }
        sample(out, name() + "_sum", labelValues, null, null, Exposition.formatValue(series.sum.sum()));
        sample(out, name() + "_count", labelValues, null, null, Long.toString(cumulative));
    }

    private static double[] checkBounds(String name, List<Double> bounds) {
        if (bounds == null || bounds.isEmpty()) {
            throw new IllegalArgumentException("histogram " + name + ": needs at least one bucket bound");
        }
        double[] out = new double[bounds.size()];
        for (int i = 0; i < out.length; i++) {
            Double b = bounds.get(i);
            if (b == null || !Double.isFinite(b)) {
                throw new IllegalArgumentException("histogram " + name + ": bucket bound " + b
                    + " at index " + i + " is not a finite number (+Inf is implicit)");
            }
            if (i > 0 && b <= out[i - 1]) {
                throw new IllegalArgumentException("histogram " + name + ": bucket bounds must increase, but "
                    + b + " follows " + out[i - 1]);
            }
            out[i] = b;
        }
        return out;
    }

    /** One histogram series: a non-cumulative count per bucket, the sum of observations. */
    public static final class Series {
        private final double[] bounds;
        private final LongAdder[] buckets;
        private final DoubleAdder sum = new DoubleAdder();

        Series(double[] bounds) {
            this.bounds = bounds;
            this.buckets = new LongAdder[bounds.length + 1];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        /** Records one observation (in the histogram's unit, seconds for latency); NaN is refused. */
        public void observe(double value) {
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("cannot observe NaN");
            }
            buckets[bucketOf(value)].increment();
            sum.add(value);
        }

        /** Records a duration given in nanoseconds, in seconds. */
        public void observeNanos(long nanos) {
            observe(nanos / 1e9);
        }

        /** Observations so far. */
        public long count() {
            long n = 0;
            for (LongAdder b : buckets) {
                n += b.sum();
            }
            return n;
        }

        /** Sum of the observations so far. */
        public double sum() {
            return sum.sum();
        }

        private int bucketOf(double value) {
            int i = Arrays.binarySearch(bounds, value);
            return i >= 0 ? i : -i - 1;
        }
    }
}
