package org.vmpbd.detect;

/**
 * How the IDF weight of a system call is computed over the training processes (definition 1).
 * A named choice, recorded in every model file.
 */
public enum IdfVariant {
    /**
     * The seed paper's {@code log2(N / N_s)}: zero for a call every process uses. With this variant
     * a window whose weights are all zero has a zero norm, and its weighted cosine is defined as
     * {@link Similarity#ZERO_NORM_OMEGA}.
     */
    PAPER,
    /** {@code 1 + log2((1 + N) / (1 + N_s))}: never zero (the default). */
    SMOOTH;

    /** Weight of a call never seen in training: the paper's "lb 1 000". */
    public static final double UNSEEN_WEIGHT = Math.log(1000) / Math.log(2);

    /** @param processes N, processes in training; @param using N_s, processes that use the call (>= 1) */
    public double weight(int processes, int using) {
        if (using <= 0) {
            return UNSEEN_WEIGHT;
        }
        return switch (this) {
            case PAPER -> log2((double) processes / using);
            case SMOOTH -> 1.0 + log2((1.0 + processes) / (1.0 + using));
        };
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
