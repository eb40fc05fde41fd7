package org.vmpbd.trust;

import java.util.List;
import java.util.Objects;

/**
 * Definition 2 of trust-model.md: {@code t'_i = [Sr = Sr'] × aggregate(m_1 … m_k)}, by default
 * {@code [Sr = Sr'] × (1 − mean m_i)}.
 */
public final class OutsideScore {
    private final MaliciousIndex index;
    private final OutsideAggregation aggregation;

    public OutsideScore(MaliciousIndex index, OutsideAggregation aggregation) {
        this.index = Objects.requireNonNull(index);
        this.aggregation = Objects.requireNonNull(aggregation);
    }

    /** t'_i in [0, 1]. */
    public double t(OutsideMeasurement m, TrustBaseline b) {
        if (!m.sourceAddress().equals(b.sourceAddress())) {
            return 0;
        }
        List<Double> indices = m.flows().stream().map(index::of).toList();
        return aggregation.of(indices);
    }
}
