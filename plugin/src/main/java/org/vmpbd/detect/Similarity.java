package org.vmpbd.detect;

/**
 * {@code Sim(N, T) = mu x omega} (formulas 7 to 10 as reconstructed in the design):
 * {@code mu = |J| / M}, {@code omega = sum_{j in J} a_j b_j / (||a|| ||b||)}, where {@code J} are
 * the positions where the library window {@code N} and the test window {@code T} agree,
 * {@code a_j = W_lib(n_j)} and {@code b_j = W_test(t_j)}. Every index computes the value of a row
 * through {@link #of}, so all indexes return bit-identical maxima.
 */
public final class Similarity {
    /** The weighted cosine when either norm is zero (possible only with {@link IdfVariant#PAPER}). */
    public static final double ZERO_NORM_OMEGA = 0.0;

    private Similarity() {
    }

    /**
     * Similarity of library row {@code row} and test window {@code t}.
     *
     * @param b     the test-side weights of {@code t}, per position
     * @param bNorm {@code ||b||}
     */
    public static double of(WindowLibrary lib, SyscallWeights weights, int row, int[] t, double[] b,
                            double bNorm) {
        int m = lib.m();
        int agree = 0;
        double dot = 0;
        for (int j = 0; j < m; j++) {
            int s = t[j];
            if (lib.symbol(row, j) == s) {
                agree++;
                dot += weights.libraryWeight(s) * b[j];
            }
        }
        return combine(agree, m, dot, lib.norm(row), bNorm);
    }

    /** Similarity of two windows given each side's weights per position (for tests and tools). */
    public static double of(int[] n, double[] a, int[] t, double[] b) {
        int agree = 0;
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int j = 0; j < n.length; j++) {
            aa += a[j] * a[j];
            bb += b[j] * b[j];
            if (n[j] == t[j]) {
                agree++;
                dot += a[j] * b[j];
            }
        }
        return combine(agree, n.length, dot, Math.sqrt(aa), Math.sqrt(bb));
    }

    private static double combine(int agree, int m, double dot, double aNorm, double bNorm) {
        if (agree == 0) {
            return 0.0;
        }
        double den = aNorm * bNorm;
        // omega <= 1 by Cauchy-Schwarz; clamping the last rounding keeps Sim <= mu exactly, which
        // the indexes' pruning relies on.
        double omega = den == 0.0 ? ZERO_NORM_OMEGA : Math.min(1.0, dot / den);
        return ((double) agree / m) * omega;
    }
}
