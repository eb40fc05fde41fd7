package org.vmpbd.detect;

/** The exact similarity indexes, chosen by configuration (design: storage and search). */
public enum IndexKind {
    /** Linear scan over every library window: the paper's "test 2" baseline. */
    SCAN,
    /** The paper's KD-tree over the flattened one-hot vectors, made exact with bounding boxes. */
    KDTREE,
    /** Ours: per-position-subset projection tables visited in decreasing bound order. */
    SUBSET;

    public SimilarityIndex build(WindowLibrary lib, SyscallWeights weights) {
        return switch (this) {
            case SCAN -> new ScanIndex(lib, weights);
            case KDTREE -> new KdTreeIndex(lib, weights);
            case SUBSET -> new SubsetIndex(lib, weights);
        };
    }
}
