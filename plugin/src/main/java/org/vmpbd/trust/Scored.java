package org.vmpbd.trust;

import java.time.Instant;
import java.util.Objects;

/** One scored measurement: t_i or t'_i in [0, 1], taken {@code at}. */
public record Scored(Instant at, double value) {
    public Scored {
        Objects.requireNonNull(at, "at");
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("a measurement's value must be in [0, 1], got " + value);
        }
    }
}
