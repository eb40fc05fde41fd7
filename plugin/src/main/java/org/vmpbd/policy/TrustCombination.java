package org.vmpbd.policy;

/**
 * How the trust state enters the VM's severity score (a named choice; ARCHITECTURE.md, "Severity"). {@code s_d} is
 * the detection score, {@code u} the distrust from {@link TenantPolicy.Trust#distrust}, λ the policy's trust weight.
 * Without a trust value (no trust model yet) every combination gives {@code s_d}.
 */
public enum TrustCombination implements TenantPolicy.Named {
    /** {@code s = max(s_d, u)}: whichever is worse. */
    MAX,
    /** {@code s = 1 − (1 − s_d)(1 − λ·u)}: independent evidence; never below s_d, rises with distrust. */
    NOISY_OR,
    /** {@code s = s_d}: trust is not part of severity. */
    IGNORE;

    public double combine(double detection, double distrust, double lambda) {
        return switch (this) {
            case MAX -> Math.max(detection, distrust);
            case NOISY_OR -> 1 - (1 - detection) * (1 - lambda * distrust);
            case IGNORE -> detection;
        };
    }
}
