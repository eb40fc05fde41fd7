package org.vmpbd.daemon.metrics;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A value that goes up and down, one atomic double per label set. */
public final class Gauge extends MetricFamily<Gauge.Series> {
    Gauge(String name, String help, List<String> labelNames) {
        super(name, help, labelNames);
    }

    @Override
    public MetricType type() {
        return MetricType.GAUGE;
    }

    /** The series for these label values (created at zero on first use). */
    public Series labels(String... labelValues) {
        return getOrCreate(labelValues, Series::new);
    }

    @Override
    void writeSeries(StringBuilder out, List<String> labelValues, Series series) {
        sample(out, name(), labelValues, null, null, Exposition.formatValue(series.get()));
    }

    /** One gauge series. */
    public static final class Series {
        private final AtomicLong bits = new AtomicLong(Double.doubleToLongBits(0.0));

        public void set(double value) {
            bits.set(Double.doubleToLongBits(value));
        }

        public void add(double delta) {
            bits.getAndUpdate(b -> Double.doubleToLongBits(Double.longBitsToDouble(b) + delta));
        }

        public double get() {
            return Double.longBitsToDouble(bits.get());
        }
    }
}
