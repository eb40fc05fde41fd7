package org.vmpbd.detect;

/**
 * Finds {@code max over the library of Sim(N, T)} for a test window {@code T}, exactly: every
 * implementation returns the value a linear scan returns, bit for bit. Implementations are
 * thread-safe; per-query scratch is confined to the calling thread.
 */
public interface SimilarityIndex {
    /**
     * @param t     the test window (M calls)
     * @param b     test-side weights {@code W_test(t_j)} per position
     * @param bNorm {@code ||b||}
     * @return the maximum similarity over all library windows, in [0, 1]
     */
    double maxSimilarity(int[] t, double[] b, double bNorm);

    /** Which index this is. */
    IndexKind kind();

    /** Bytes this index holds beyond the CSR library itself. */
    long bytes();
}
