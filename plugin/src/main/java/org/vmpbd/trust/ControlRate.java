package org.vmpbd.trust;

/**
 * The seed's effectiveness measure (trust-model.md, section 6): {@code TR = α(t) / (μ·(α(t) + β(t)))}, α/β the
 * measurements within/violating the policy in Δt, μ the share of policy-violating VMs.
 */
public final class ControlRate {
    private ControlRate() {
    }

    /** TR; NaN when undefined (no measurements, or μ = 0: no violating VM to control). */
    public static double tr(long within, long violating, double mu) {
        if (within < 0 || violating < 0 || mu < 0 || mu > 1) {
            throw new IllegalArgumentException("alpha, beta >= 0 and mu in [0, 1]: " + within + ", " + violating + ", " + mu);
        }
        if (within + violating == 0 || mu == 0) {
            return Double.NaN;
        }
        return within / (mu * (within + violating));
    }
}
