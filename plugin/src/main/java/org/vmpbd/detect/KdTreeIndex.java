package org.vmpbd.detect;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The paper's KD-tree over the flattened {@code M n}-dimensional one-hot vectors, split on the
 * most balanced column (for binary data: the highest-variance dimension). Plain Euclidean nearest
 * neighbour would maximise {@code |J|}, not Sim, so this search is made exact differently: each
 * node keeps its bounding box (the OR of its rows' columns), which bounds {@code |J|} of every row
 * below it, and a node is pruned when that bound over {@code M} cannot beat the best Sim found,
 * since {@code Sim <= mu}.
 */
final class KdTreeIndex implements SimilarityIndex {
    static final int LEAF_SIZE = 8;

    private final WindowLibrary lib;
    private final SyscallWeights weights;
    private final int words;
    private int nodes;
    private int[] splitColumn = new int[64];
    private int[] childOne = new int[64];
    private int[] childZero = new int[64];
    private int[] leafStart = new int[64];
    private int[] leafEnd = new int[64];
    private long[] box = new long[0];
    private final int[] order;
    private final ThreadLocal<int[]> stacks;

    KdTreeIndex(WindowLibrary lib, SyscallWeights weights) {
        this.lib = lib;
        this.weights = weights;
        this.words = (lib.m() * lib.n() + 63) >>> 6;
        this.order = new int[lib.rows()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        build();
        int maxStack = Math.max(1, nodes + 1);
        this.stacks = ThreadLocal.withInitial(() -> new int[maxStack]);
    }

    private void build() {
        box = new long[64 * words];
        int[] counts = new int[lib.m() * lib.n()];
        ArrayDeque<int[]> work = new ArrayDeque<>();
        int root = newNode(0, order.length);
        work.push(new int[] {root, 0, order.length});
        while (!work.isEmpty()) {
            int[] w = work.pop();
            int node = w[0];
            int start = w[1];
            int end = w[2];
            fillBox(node, start, end);
            if (end - start <= LEAF_SIZE) {
                continue;
            }
            int column = balancedColumn(start, end, counts);
            if (column < 0) {
                continue;
            }
            int mid = partition(start, end, column);
            int one = newNode(start, mid);
            int zero = newNode(mid, end);
            splitColumn[node] = column;
            childOne[node] = one;
            childZero[node] = zero;
            work.push(new int[] {one, start, mid});
            work.push(new int[] {zero, mid, end});
        }
    }

    private int newNode(int start, int end) {
        if (nodes == splitColumn.length) {
            int cap = nodes * 2;
            splitColumn = Arrays.copyOf(splitColumn, cap);
            childOne = Arrays.copyOf(childOne, cap);
            childZero = Arrays.copyOf(childZero, cap);
            leafStart = Arrays.copyOf(leafStart, cap);
            leafEnd = Arrays.copyOf(leafEnd, cap);
        }
        if ((long) (nodes + 1) * words > box.length) {
            box = Arrays.copyOf(box, Math.max(box.length * 2, (nodes + 1) * words));
        }
        splitColumn[nodes] = -1;
        leafStart[nodes] = start;
        leafEnd[nodes] = end;
        return nodes++;
    }

    private void fillBox(int node, int start, int end) {
        int base = node * words;
        for (int i = start; i < end; i++) {
            for (int j = 0; j < lib.m(); j++) {
                int c = lib.column(order[i], j);
                box[base + (c >>> 6)] |= 1L << (c & 63);
            }
        }
    }

    /** The column present in closest to half of the rows, or -1 if no column splits them. */
    private int balancedColumn(int start, int end, int[] counts) {
        int size = end - start;
        int best = -1;
        int bestGap = Integer.MAX_VALUE;
        for (int i = start; i < end; i++) {
            for (int j = 0; j < lib.m(); j++) {
                counts[lib.column(order[i], j)]++;
            }
        }
        for (int i = start; i < end; i++) {
            for (int j = 0; j < lib.m(); j++) {
                int c = lib.column(order[i], j);
                int count = counts[c];
                if (count > 0 && count < size) {
                    int gap = Math.abs(2 * count - size);
                    if (gap < bestGap || (gap == bestGap && c < best)) {
                        bestGap = gap;
                        best = c;
                    }
                }
            }
        }
        for (int i = start; i < end; i++) {
            for (int j = 0; j < lib.m(); j++) {
                counts[lib.column(order[i], j)] = 0;
            }
        }
        return best;
    }

    /** Moves rows having {@code column} to the front; returns the first index without it. */
    private int partition(int start, int end, int column) {
        int j = column / lib.n();
        int lo = start;
        int hi = end - 1;
        while (lo <= hi) {
            if (lib.column(order[lo], j) == column) {
                lo++;
            } else {
                int tmp = order[lo];
                order[lo] = order[hi];
                order[hi] = tmp;
                hi--;
            }
        }
        return lo;
    }

    private int bound(int node, int[] t) {
        int base = node * words;
        int n = lib.n();
        int agree = 0;
        for (int j = 0; j < t.length; j++) {
            int c = j * n + t[j];
            if ((box[base + (c >>> 6)] & (1L << (c & 63))) != 0) {
                agree++;
            }
        }
        return agree;
    }

    @Override
    public double maxSimilarity(int[] t, double[] b, double bNorm) {
        int m = lib.m();
        double best = 0.0;
        int[] stack = stacks.get();
        int top = 0;
        stack[top++] = 0;
        while (top > 0) {
            int node = stack[--top];
            if ((double) bound(node, t) / m <= best) {
                continue;
            }
            if (splitColumn[node] < 0) {
                for (int i = leafStart[node]; i < leafEnd[node]; i++) {
                    double sim = Similarity.of(lib, weights, order[i], t, b, bNorm);
                    if (sim > best) {
                        best = sim;
                    }
                }
                continue;
            }
            int one = childOne[node];
            int zero = childZero[node];
            if (bound(one, t) >= bound(zero, t)) {
                stack[top++] = zero;
                stack[top++] = one;
            } else {
                stack[top++] = one;
                stack[top++] = zero;
            }
        }
        return best;
    }

    int nodeCount() {
        return nodes;
    }

    @Override
    public IndexKind kind() {
        return IndexKind.KDTREE;
    }

    @Override
    public long bytes() {
        return (long) nodes * (5L * Integer.BYTES + (long) words * Long.BYTES) + (long) order.length * Integer.BYTES;
    }
}
