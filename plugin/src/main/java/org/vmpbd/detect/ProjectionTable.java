package org.vmpbd.detect;

/**
 * Open-addressing table of library rows keyed by their symbols at a fixed set of positions (a
 * projection). With all positions it is the exact-hit set of the library; with fewer, each key
 * keeps the row of smallest norm {@code ||a||} among the rows sharing that projection, skipping
 * rows whose norm is zero (their similarity is always 0).
 */
final class ProjectionTable {
    private final WindowLibrary lib;
    private final int[] positions;
    private final int[] hashes;
    private final int[] rows;
    private final int slotMask;
    private final int size;

    private ProjectionTable(WindowLibrary lib, int[] positions, int capacity) {
        this.lib = lib;
        this.positions = positions;
        this.hashes = new int[capacity];
        this.rows = new int[capacity];
        this.slotMask = capacity - 1;
        java.util.Arrays.fill(rows, -1);
        this.size = 0;
    }

    private ProjectionTable(ProjectionTable filled, int size) {
        this.lib = filled.lib;
        this.positions = filled.positions;
        this.hashes = filled.hashes;
        this.rows = filled.rows;
        this.slotMask = filled.slotMask;
        this.size = size;
    }

    /** Every row, keyed by all M positions. */
    static ProjectionTable exact(WindowLibrary lib) {
        return build(lib, (1 << lib.m()) - 1, false);
    }

    /** Rows keyed by the positions in {@code mask}, keeping the smallest non-zero norm per key. */
    static ProjectionTable minNorm(WindowLibrary lib, int mask) {
        return build(lib, mask, true);
    }

    private static ProjectionTable build(WindowLibrary lib, int mask, boolean minNorm) {
        int[] positions = positionsOf(mask);
        int capacity = Integer.highestOneBit(Math.max(4, lib.rows() * 2 - 1)) << 1;
        ProjectionTable t = new ProjectionTable(lib, positions, capacity);
        int count = 0;
        for (int row = 0; row < lib.rows(); row++) {
            if (minNorm && lib.norm(row) == 0.0) {
                continue;
            }
            int h = WindowHash.ofRow(lib, row, positions);
            int slot = h & t.slotMask;
            while (true) {
                int there = t.rows[slot];
                if (there < 0) {
                    t.rows[slot] = row;
                    t.hashes[slot] = h;
                    count++;
                    break;
                }
                if (t.hashes[slot] == h && sameProjection(lib, there, row, positions)) {
                    if (minNorm && lib.norm(row) < lib.norm(there)) {
                        t.rows[slot] = row;
                    }
                    break;
                }
                slot = (slot + 1) & t.slotMask;
            }
        }
        return new ProjectionTable(t, count);
    }

    static int[] positionsOf(int mask) {
        int[] p = new int[Integer.bitCount(mask)];
        int k = 0;
        for (int j = 0; j < 32; j++) {
            if ((mask & (1 << j)) != 0) {
                p[k++] = j;
            }
        }
        return p;
    }

    private static boolean sameProjection(WindowLibrary lib, int a, int b, int[] positions) {
        for (int j : positions) {
            if (lib.symbol(a, j) != lib.symbol(b, j)) {
                return false;
            }
        }
        return true;
    }

    /** The row stored for the projection of {@code window}, or -1. */
    int find(int[] window) {
        int h = WindowHash.of(window, positions);
        int slot = h & slotMask;
        while (true) {
            int there = rows[slot];
            if (there < 0) {
                return -1;
            }
            if (hashes[slot] == h && matches(there, window)) {
                return there;
            }
            slot = (slot + 1) & slotMask;
        }
    }

    private boolean matches(int row, int[] window) {
        for (int j : positions) {
            if (lib.symbol(row, j) != window[j]) {
                return false;
            }
        }
        return true;
    }

    int size() {
        return size;
    }

    long bytes() {
        return (long) rows.length * (Integer.BYTES * 2);
    }
}
