package org.vmpbd.trust;

import java.time.Duration;

/** The decay e(i) that weighs the measurements of a window (trust-model.md, section 4; a named choice). */
public enum Decay {
    /** {@code e(i) = i / n} by rank, oldest first (default, the design's reading): the newest weighs 1. */
    LINEAR,
    /** {@code e = 1 − age / window} by age: weight falls linearly to 0 at the window's edge. */
    LINEAR_BY_AGE,
    /** {@code e = 1}: the plain mean the seed's {@code (a/n) Σ} prints. */
    NONE;

    /**
     * @param rank   i in 1..n, oldest first
     * @param n      measurements in the window
     * @param age    now − the measurement's time, in [0, window]
     * @param window the window t
     */
    public double weight(int rank, int n, Duration age, Duration window) {
        return switch (this) {
            case LINEAR -> (double) rank / n;
            case LINEAR_BY_AGE -> window.isZero() ? 1 : Math.max(0, 1 - (double) age.toNanos() / window.toNanos());
            case NONE -> 1;
        };
    }
}
