package org.vmpbd.trust;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * {@code M = Σ e(i)·t_i / Σ e(i)} over the measurements in the window (trust-model.md, section 4): M_in over the t_i,
 * M_out over the t'_i. Empty when the window holds none (or all weigh 0).
 */
public final class WindowMean {
    private final Decay decay;
    private final WindowEdge edge;

    public WindowMean(Decay decay, WindowEdge edge) {
        this.decay = Objects.requireNonNull(decay);
        this.edge = Objects.requireNonNull(edge);
    }

    /** @param oldestFirst the measurements, oldest first (others outside the window are skipped) */
    public OptionalDouble of(List<Scored> oldestFirst, Instant now, Duration window) {
        List<Scored> in = oldestFirst.stream().filter(s -> edge.contains(s.at(), now, window)).toList();
        int n = in.size();
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            Scored s = in.get(i);
            double e = decay.weight(i + 1, n, Duration.between(s.at(), now), window);
            num += e * s.value();
            den += e;
        }
        return den > 0 ? OptionalDouble.of(Math.min(1, Math.max(0, num / den))) : OptionalDouble.empty();
    }

    /** How many of {@code oldestFirst} are in the window. */
    public int count(List<Scored> oldestFirst, Instant now, Duration window) {
        return (int) oldestFirst.stream().filter(s -> edge.contains(s.at(), now, window)).count();
    }
}
