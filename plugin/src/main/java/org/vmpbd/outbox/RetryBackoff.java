package org.vmpbd.outbox;

import java.time.Duration;

/**
 * How long a consumer waits before retrying a failed record: {@code initial}, doubling with each
 * further failure, capped at {@code max}.
 *
 * @param initial the wait after the first failure (&gt; 0)
 * @param max     the longest wait (&gt;= initial)
 */
public record RetryBackoff(Duration initial, Duration max) {
    /** 1 s doubling to 60 s. */
    public static final RetryBackoff DEFAULT = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    public RetryBackoff {
        if (initial == null || max == null || initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("retry back-off: need 0 < initial <= max, got initial " + initial
                + ", max " + max);
        }
    }

    /** The wait after the {@code failures}-th consecutive failure (1-based). */
    public Duration delay(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be >= 1, got " + failures);
        }
        Duration d = initial;
        for (int i = 1; i < failures && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}
