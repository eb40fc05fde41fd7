package org.vmpbd.detect;

/** Linear scan: computes {@link Similarity#of} for every library row. */
final class ScanIndex implements SimilarityIndex {
    private final WindowLibrary lib;
    private final SyscallWeights weights;

    ScanIndex(WindowLibrary lib, SyscallWeights weights) {
        this.lib = lib;
        this.weights = weights;
    }

    @Override
    public double maxSimilarity(int[] t, double[] b, double bNorm) {
        double best = 0.0;
        for (int row = 0, rows = lib.rows(); row < rows; row++) {
            double sim = Similarity.of(lib, weights, row, t, b, bNorm);
            if (sim > best) {
                best = sim;
            }
        }
        return best;
    }

    @Override
    public IndexKind kind() {
        return IndexKind.SCAN;
    }

    @Override
    public long bytes() {
        return 0;
    }
}
