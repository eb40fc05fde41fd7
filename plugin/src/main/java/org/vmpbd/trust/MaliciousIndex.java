package org.vmpbd.trust;

/** How a flow's malicious index m_i in [0, 1] is computed (trust-model.md, section 3; a named choice). */
public enum MaliciousIndex {
    /**
     * The design's reading (default): {@code m = sqrt(max(0, pr² − p²) + np²) / sqrt(pr² + p² + np²)}; 0 when nothing
     * is exceeded or all three are 0.
     */
    NORMALISED_EXCESS,
    /**
     * The formula as printed in the seed, made total: {@code sqrt(max(0, pr² − p² + np²)) / (pr² + p² + np²)},
     * clamped to [0, 1]; 0 when the denominator is 0. Not scale-free: large levels shrink it.
     */
    PRINTED_CLAMPED;

    public double of(Flow f) {
        double pr2 = (double) f.requested() * f.requested();
        double p2 = (double) f.granted() * f.granted();
        double np2 = (double) f.probes() * f.probes();
        double all = pr2 + p2 + np2;
        if (all == 0) {
            return 0;
        }
        return switch (this) {
            case NORMALISED_EXCESS -> Math.sqrt(Math.max(0, pr2 - p2) + np2) / Math.sqrt(all);
            case PRINTED_CLAMPED -> Math.min(1, Math.sqrt(Math.max(0, pr2 - p2 + np2)) / all);
        };
    }
}
