package org.vmpbd.bench;

/**
 * The stide baseline: a plain open-addressing (linear probing) set of primitive {@code long}s, each
 * a window of {@code M} calls packed at {@code bits} bits per call. No detector logic at all: a
 * lookup is one multiply-shift hash and a probe loop over a {@code long[]}.
 */
final class PackedWindowSet {
    private static final long EMPTY = -1L;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final long[] keys;
    private final int shift;
    private final int mask;
    private int size;

    /** @param expected number of distinct keys; the table is sized to load factor <= 1/2 */
    PackedWindowSet(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        this.keys = new long[capacity];
        java.util.Arrays.fill(keys, EMPTY);
        this.mask = capacity - 1;
        this.shift = 64 - Integer.numberOfTrailingZeros(capacity);
    }

    /** Bits per call for an ABI of {@code n} calls. */
    static int bitsFor(int n) {
        return Math.max(1, 32 - Integer.numberOfLeadingZeros(n - 1));
    }

    /** Packs {@code calls[from .. from + m)}; requires {@code m * bits <= 63} so keys are never negative. */
    static long pack(int[] calls, int from, int m, int bits) {
        if (m * bits > 63) {
            throw new IllegalArgumentException("cannot pack M = " + m + " calls of " + bits + " bits into a long");
        }
        long key = 0;
        for (int j = 0; j < m; j++) {
            key = (key << bits) | calls[from + j];
        }
        return key;
    }

    boolean add(long key) {
        int slot = (int) ((key * GOLDEN) >>> shift);
        while (true) {
            long there = keys[slot];
            if (there == EMPTY) {
                keys[slot] = key;
                size++;
                return true;
            }
            if (there == key) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
    }

    boolean contains(long key) {
        int slot = (int) ((key * GOLDEN) >>> shift);
        while (true) {
            long there = keys[slot];
            if (there == key) {
                return true;
            }
            if (there == EMPTY) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
    }

    int size() {
        return size;
    }

    long bytes() {
        return (long) keys.length * Long.BYTES;
    }
}
