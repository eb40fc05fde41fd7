package org.vmpbd.detect;

/**
 * Package-private parts of the engine that the benchmarks in {@code org.vmpbd.bench} measure
 * directly (not a test: no assertions, never run by surefire).
 */
public final class DetectBenchAccess {
    private DetectBenchAccess() {
    }

    /** The exact-hit table the {@link Detector} consults before any index ({@code ProjectionTable.exact}). */
    public static ExactTable exactTable(WindowLibrary lib) {
        return new ExactTable(ProjectionTable.exact(lib));
    }

    /**
     * Builds every projection table of a {@link IndexKind#SUBSET} index now (they are otherwise
     * built on first use).
     *
     * @throws IllegalArgumentException if {@code index} is not a subset index
     */
    public static void buildAllSubsetTables(SimilarityIndex index) {
        if (!(index instanceof SubsetIndex subset)) {
            throw new IllegalArgumentException("not a subset index: " + index.kind());
        }
        subset.buildAll();
    }

    /** Number of nodes of a {@link IndexKind#KDTREE} index. */
    public static int kdTreeNodes(SimilarityIndex index) {
        if (!(index instanceof KdTreeIndex kd)) {
            throw new IllegalArgumentException("not a KD-tree index: " + index.kind());
        }
        return kd.nodeCount();
    }

    /** A public view of {@code ProjectionTable.exact(lib)}. */
    public static final class ExactTable {
        private final ProjectionTable table;

        private ExactTable(ProjectionTable table) {
            this.table = table;
        }

        /** The library row equal to {@code window}, or -1. */
        public int find(int[] window) {
            return table.find(window);
        }

        public long bytes() {
            return table.bytes();
        }
    }
}
