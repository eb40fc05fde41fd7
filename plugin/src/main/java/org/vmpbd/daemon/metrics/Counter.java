package org.vmpbd.daemon.metrics;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** A monotonic counter of whole events, one {@link LongAdder} per label set. */
public final class Counter extends MetricFamily<Counter.Series> {
    Counter(String name, String help, List<String> labelNames) {
        super(name, help, labelNames);
    }

    @Override
    public MetricType type() {
        return MetricType.COUNTER;
    }

    /** The series for these label values (created at zero on first use). */
    public Series labels(String... labelValues) {
        return getOrCreate(labelValues, Series::new);
    }

    @Override
    void writeSeries(StringBuilder out, List<String> labelValues, Series series) {
        sample(out, name(), labelValues, null, null, Long.toString(series.get()));
    }

    /** One counter series. */
    public static final class Series {
        private final LongAdder count = new LongAdder();

        public void inc() {
            count.increment();
        }

        /** Adds {@code n}, which must not be negative (a counter only goes up). */
        public void inc(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("a counter only goes up: cannot add " + n);
            }
            count.add(n);
        }

        public long get() {
            return count.sum();
        }
    }
}
