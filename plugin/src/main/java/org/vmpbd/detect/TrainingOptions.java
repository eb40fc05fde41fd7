package org.vmpbd.detect;

/**
 * How to train a model.
 *
 * @param m       window length M (the paper's default is 6)
 * @param idf     IDF variant (default {@link IdfVariant#SMOOTH})
 * @param filter  calls to keep, or null for all
 * @param label   what the model is for (program, image, service)
 */
public record TrainingOptions(int m, IdfVariant idf, SyscallFilter filter, String label) {
    public static final int DEFAULT_M = 6;

    public TrainingOptions {
        if (m < 1 || m > 16) {
            throw new IllegalArgumentException("window length M must be in 1..16, got " + m);
        }
        if (idf == null) {
            throw new IllegalArgumentException("IDF variant is required");
        }
        label = label == null ? "" : label;
    }

    public static TrainingOptions defaults() {
        return new TrainingOptions(DEFAULT_M, IdfVariant.SMOOTH, null, "");
    }
}
