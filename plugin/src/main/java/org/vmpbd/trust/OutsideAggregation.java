package org.vmpbd.trust;

import java.util.List;

/**
 * How the flows' malicious indices become the outside part of t'_i (trust-model.md, section 3; a named choice). The
 * seed's printed {@code Σ‖M‖'/n} would raise trust with malice and is not offered.
 */
public enum OutsideAggregation {
    /** {@code 1 − mean_i m_i} (default, the design's reading). */
    ONE_MINUS_MEAN,
    /** {@code 1 − max_i m_i}: the worst flow decides; one scan is not diluted by many benign flows. */
    ONE_MINUS_MAX;

    /** The aggregate of {@code indices}; 1 when there are none (nothing malicious seen). */
    public double of(List<Double> indices) {
        if (indices.isEmpty()) {
            return 1;
        }
        return switch (this) {
            case ONE_MINUS_MEAN -> 1 - indices.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            case ONE_MINUS_MAX -> 1 - indices.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        };
    }
}
