package org.vmpbd.detect;

import java.util.Arrays;

/**
 * The library's exact-hit set keyed by the window packed into one long ({@code bits} per call,
 * {@code M * bits <= 63}), so that a streaming scorer can keep the key of its current window by a
 * shift per call and test membership without assembling the window: the stide cost.
 */
final class PackedWindowSet {
    private static final long HASH = 0x9E3779B97F4A7C15L;
    private final int bits;
    private final int m;
    private final long keyMask;
    private final long[] slots;
    private final int shift;

    private PackedWindowSet(int bits, int m, long[] slots) {
        this.bits = bits;
        this.m = m;
        this.keyMask = m * bits == 64 ? -1L : (1L << (m * bits)) - 1;
        this.slots = slots;
        this.shift = 64 - Integer.numberOfTrailingZeros(slots.length);
    }

    /** Bits per call for an ABI of {@code n} calls. */
    static int bitsFor(int n) {
        return 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1));
    }

    /** Whether windows of length {@code m} over {@code n} calls fit a key. */
    static boolean fits(int m, int n) {
        return (long) m * bitsFor(n) <= 63;
    }

    static PackedWindowSet of(WindowLibrary lib) {
        int bits = bitsFor(lib.n());
        int capacity = Integer.highestOneBit(Math.max(4, lib.rows() * 2 - 1)) << 1;
        long[] slots = new long[capacity];
        PackedWindowSet set = new PackedWindowSet(bits, lib.m(), slots);
        for (int row = 0; row < lib.rows(); row++) {
            long key = 0;
            for (int j = 0; j < lib.m(); j++) {
                key = (key << bits) | lib.symbol(row, j);
            }
            set.insert(key);
        }
        return set;
    }

    /** The key after appending {@code call} to the window of {@code key}. */
    long roll(long key, int call) {
        return ((key << bits) | call) & keyMask;
    }

    /** Writes the calls of the window of {@code key} into {@code window} (oldest first). */
    void unpack(long key, int[] window) {
        long callMask = (1L << bits) - 1;
        for (int j = m - 1; j >= 0; j--) {
            window[j] = (int) (key & callMask);
            key >>>= bits;
        }
    }

    /**
     * The exact-hit path's loop: from {@code calls[from]} on, rolls {@code key} over each call and
     * takes it, counting it in {@code counts[call]}, while the window it completes is in the set.
     * Stops, without taking it, at a call outside {@code counts}' range, one {@code filter} drops
     * (if not null), or one completing a window not in the set. The table and the key's shape are
     * held in locals: one multiply, one probe (the table is at most half full) and one count per
     * call, as {@link #contains} does for one key.
     *
     * @return the index of the first call not taken, or {@code to}
     */
    int countHits(long key, int[] calls, int from, int to, SyscallFilter filter, int[] counts) {
        final long[] table = slots;
        final int tableMask = table.length - 1;
        final int b = bits;
        final long mask = keyMask;
        final int sh = shift;
        final int n = counts.length;
        long k = key;
        for (int i = from; i < to; i++) {
            int call = calls[i];
            if (call < 0 || call >= n || filter != null && !filter.keeps(call)) {
                return i;
            }
            k = ((k << b) | call) & mask;
            long stored = k + 1;
            int slot = (int) ((k * HASH) >>> sh);
            long there;
            while ((there = table[slot]) != stored) {
                if (there == 0) {
                    return i;
                }
                slot = (slot + 1) & tableMask;
            }
            counts[call]++;
        }
        return to;
    }

    boolean contains(long key) {
        long stored = key + 1;
        int slot = (int) ((key * HASH) >>> shift);
        while (true) {
            long there = slots[slot];
            if (there == stored) {
                return true;
            }
            if (there == 0) {
                return false;
            }
            slot = (slot + 1) & (slots.length - 1);
        }
    }

    private void insert(long key) {
        long stored = key + 1;
        int slot = (int) ((key * HASH) >>> shift);
        while (slots[slot] != 0 && slots[slot] != stored) {
            slot = (slot + 1) & (slots.length - 1);
        }
        slots[slot] = stored;
    }

    long bytes() {
        return (long) slots.length * Long.BYTES;
    }

    @Override
    public String toString() {
        return "PackedWindowSet" + Arrays.toString(new int[] {bits, slots.length});
    }
}
