package org.vmpbd.model;

import java.util.HashSet;
import java.util.Set;

/**
 * The distinct windows of length M seen so far: exactly the rows the model's window library will
 * have, grown one process at a time to measure how much each batch adds. Windows are packed into
 * up to 192 bits (M ≤ 16 calls of an ABI of at most 4096 calls).
 */
final class WindowSet {
    private final int m;
    private final int bits;
    private final Set<Key> windows = new HashSet<>();

    private record Key(long a, long b, long c) {
    }

    WindowSet(int m, int abiSize) {
        this.m = m;
        this.bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(abiSize - 1));
        if ((long) bits * m > 192) {
            throw new IllegalArgumentException("windows of M=" + m + " calls of an ABI of " + abiSize
                + " calls do not fit the learner's window set");
        }
    }

    /**
     * Adds every window of {@code calls} (already filtered).
     *
     * @return how many of them were new
     */
    int addAll(int[] calls) {
        int added = 0;
        for (int k = 0; k + m <= calls.length; k++) {
            long[] w = new long[3];
            int bit = 0;
            for (int j = 0; j < m; j++) {
                long v = calls[k + j];
                int word = bit >>> 6;
                int off = bit & 63;
                w[word] |= v << off;
                if (off + bits > 64) {
                    w[word + 1] |= v >>> (64 - off);
                }
                bit += bits;
            }
            if (windows.add(new Key(w[0], w[1], w[2]))) {
                added++;
            }
        }
        return added;
    }

    int size() {
        return windows.size();
    }
}
