package org.vmpbd.detect;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Ours: exact maximum similarity from projection tables, one per set {@code J} of agreeing
 * positions. For a test window {@code T} and a set {@code J}, every library row agreeing with
 * {@code T} on {@code J} shares the numerator of omega restricted to {@code J}, so among them the
 * row of smallest {@code ||a||} is the best candidate; the table for {@code J} maps each projection
 * to that row. Sets are visited from {@code |J| = M} down, each skipped when its bound
 * {@code |J|/M x ||b_J|| / ||b||} (Cauchy-Schwarz) cannot beat the best so far, and the search
 * stops at the first level with {@code |J|/M <= best} ({@code Sim <= mu}). Each candidate row's
 * value is computed by {@link Similarity#of}, so the result equals the linear scan's bit for bit.
 * Tables are built on first use, so memory grows only with the subsets queries actually reach.
 * For {@code M > 6} (up to 1023 subsets, too many to probe for every window far from the library)
 * and a library small enough that every table may be built ({@link #MEMO_TABLE_BUDGET}), the
 * candidate rows of a missing window (one per subset that matches: all that can be best, whatever
 * the weights) are memoised per thread in a bounded LRU, so a repeated miss costs one similarity per
 * candidate. Nothing that depends on the test side's running weights is cached.
 */
final class SubsetIndex implements SimilarityIndex {
    /** Relative slack on the Cauchy-Schwarz bound so that rounding can never prune the true best. */
    private static final double BOUND_SLACK = 1e-9;

    private final WindowLibrary lib;
    private final SyscallWeights weights;
    private final int m;
    private final int[][] masksByLevel;
    private final AtomicReferenceArray<ProjectionTable> tables;
    private final ThreadLocal<double[]> squares;
    private final boolean memoise;
    private final ThreadLocal<CandidateMemo> memos;

    /** Largest {@code |L| x 2^M} for which candidates are memoised (every table may then be built). */
    static final long MEMO_TABLE_BUDGET = 1L << 25;
    /** Distinct missing windows remembered per thread. */
    static final int MEMO_WINDOWS = 1 << 14;

    SubsetIndex(WindowLibrary lib, SyscallWeights weights) {
        if (lib.m() > 16) {
            throw new IllegalArgumentException("subset index supports M <= 16, got " + lib.m());
        }
        this.lib = lib;
        this.weights = weights;
        this.m = lib.m();
        int full = 1 << m;
        this.masksByLevel = new int[m + 1][];
        int[] fill = new int[m + 1];
        for (int mask = 1; mask < full; mask++) {
            fill[Integer.bitCount(mask)]++;
        }
        for (int k = 0; k <= m; k++) {
            masksByLevel[k] = new int[fill[k]];
            fill[k] = 0;
        }
        for (int mask = 1; mask < full; mask++) {
            int k = Integer.bitCount(mask);
            masksByLevel[k][fill[k]++] = mask;
        }
        this.tables = new AtomicReferenceArray<>(full);
        tables.set(full - 1, ProjectionTable.exact(lib));
        this.squares = ThreadLocal.withInitial(() -> new double[full]);
        this.memoise = m > 6 && (long) lib.rows() * full <= MEMO_TABLE_BUDGET;
        this.memos = ThreadLocal.withInitial(() -> new CandidateMemo(MEMO_WINDOWS));
    }

    @Override
    public double maxSimilarity(int[] t, double[] b, double bNorm) {
        if (bNorm == 0.0) {
            return 0.0; // every omega is ZERO_NORM_OMEGA
        }
        if (memoise) {
            return fromCandidates(t, b, bNorm);
        }
        double[] sq = squares.get();
        sq[0] = 0.0;
        for (int mask = 1; mask < sq.length; mask++) {
            int low = Integer.numberOfTrailingZeros(mask);
            sq[mask] = sq[mask & (mask - 1)] + b[low] * b[low];
        }
        double best = 0.0;
        for (int k = m; k >= 1; k--) {
            double mu = (double) k / m;
            if (mu <= best) {
                break;
            }
            for (int mask : masksByLevel[k]) {
                double bound = mu * Math.sqrt(sq[mask]) / bNorm;
                if (bound * (1 + BOUND_SLACK) <= best) {
                    continue;
                }
                int row = table(mask).find(t);
                if (row >= 0) {
                    double sim = Similarity.of(lib, weights, row, t, b, bNorm);
                    if (sim > best) {
                        best = sim;
                    }
                }
            }
        }
        return best;
    }

    private double fromCandidates(int[] t, double[] b, double bNorm) {
        CandidateMemo memo = memos.get();
        int[] rows = memo.get(t);
        if (rows == null) {
            rows = candidates(t);
            memo.put(t, rows);
        }
        double best = 0.0;
        for (int row : rows) {
            double sim = Similarity.of(lib, weights, row, t, b, bNorm);
            if (sim > best) {
                best = sim;
            }
        }
        return best;
    }

    /**
     * One row per subset that matches {@code t}: the least-norm row agreeing with it there. The best
     * row for any weights is at least matched by the candidate of its own agreement set.
     */
    private int[] candidates(int[] t) {
        java.util.BitSet seen = new java.util.BitSet();
        for (int mask = 1; mask < tables.length(); mask++) {
            int row = table(mask).find(t);
            if (row >= 0) {
                seen.set(row);
            }
        }
        return seen.stream().toArray();
    }

    private ProjectionTable table(int mask) {
        ProjectionTable t = tables.get(mask);
        if (t == null) {
            tables.compareAndSet(mask, null, ProjectionTable.minNorm(lib, mask));
            t = tables.get(mask);
        }
        return t;
    }

    /** Builds every table now rather than on first use (for benchmarks and latency-bound callers). */
    void buildAll() {
        for (int mask = 1; mask < tables.length(); mask++) {
            table(mask);
        }
    }

    @Override
    public IndexKind kind() {
        return IndexKind.SUBSET;
    }

    @Override
    public long bytes() {
        long sum = 0;
        for (int mask = 1; mask < tables.length(); mask++) {
            ProjectionTable t = tables.get(mask);
            if (t != null) {
                sum += t.bytes();
            }
        }
        return sum;
    }
}
