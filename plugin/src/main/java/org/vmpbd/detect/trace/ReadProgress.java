package org.vmpbd.detect.trace;

/** Told after each file a {@link TraceReader} finishes, for progress bars on big directories. */
@FunctionalInterface
public interface ReadProgress {
    ReadProgress NONE = (done, total) -> { };

    void filesRead(int done, int total);
}
