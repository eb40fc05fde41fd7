package org.vmpbd.daemon.metrics;

/** The metric types of the text exposition format that this registry writes. */
public enum MetricType {
    COUNTER("counter"),
    GAUGE("gauge"),
    HISTOGRAM("histogram");

    private final String exposition;

    MetricType(String exposition) {
        this.exposition = exposition;
    }

    /** The word on the {@code # TYPE} line. */
    public String exposition() {
        return exposition;
    }
}
