package org.vmpbd.daemon.metrics;

import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/** A gauge whose series are read from a supplier at scrape time (e.g. a rate over a window). */
public final class CallbackGauge extends MetricFamily<DoubleSupplier> {
    CallbackGauge(String name, String help, List<String> labelNames) {
        super(name, help, labelNames);
    }

    @Override
    public MetricType type() {
        return MetricType.GAUGE;
    }

    /** Sets (or replaces) the supplier of the series with these label values. */
    public void bind(DoubleSupplier value, String... labelValues) {
        put(labelValues, Objects.requireNonNull(value, "supplier of " + name()));
    }

    @Override
    void writeSeries(StringBuilder out, List<String> labelValues, DoubleSupplier series) {
        sample(out, name(), labelValues, null, null, Exposition.formatValue(series.getAsDouble()));
    }
}
