package org.vmpbd.trust;

/**
 * Definition 1 of trust-model.md: {@code t_i = (α1·E_h + α2·E_c) × [δ = δ']}.
 */
public final class InsideScore {
    private final double alpha1;
    private final double alpha2;

    /** @param alpha1 weight of E_h, @param alpha2 weight of E_c; the policy keeps alpha1 + alpha2 = 1 */
    public InsideScore(double alpha1, double alpha2) {
        if (alpha1 < 0 || alpha2 < 0 || Math.abs(alpha1 + alpha2 - 1) > 1e-9) {
            throw new IllegalArgumentException("alpha1, alpha2 must be >= 0 and sum to 1: " + alpha1 + ", " + alpha2);
        }
        this.alpha1 = alpha1;
        this.alpha2 = alpha2;
    }

    /**
     * {@code E_h = (1/n) Σ [h_i = h'_i]} over the n expected applications (an expected application that is not running
     * counts as a mismatch); 1 when the baseline expects none.
     */
    public double eh(InsideMeasurement m, TrustBaseline b) {
        if (b.applications().isEmpty()) {
            return 1;
        }
        long same = b.applications().entrySet().stream()
            .filter(e -> e.getValue().equals(m.applications().get(e.getKey()))).count();
        return (double) same / b.applications().size();
    }

    /** {@code E_c = (1/n) Σ [c_i ∈ C']} over the n protocols observed; 1 when none observed. */
    public double ec(InsideMeasurement m, TrustBaseline b) {
        if (m.protocols().isEmpty()) {
            return 1;
        }
        long allowed = m.protocols().stream().filter(b.allowedProtocols()::contains).count();
        return (double) allowed / m.protocols().size();
    }

    /** t_i in [0, 1]. */
    public double t(InsideMeasurement m, TrustBaseline b) {
        if (!m.keyProcessDigest().equals(b.keyProcessDigest())) {
            return 0;
        }
        return alpha1 * eh(m, b) + alpha2 * ec(m, b);
    }
}
