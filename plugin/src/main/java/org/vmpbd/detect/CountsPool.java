package org.vmpbd.detect;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Recycles the per-process call-count arrays ({@code n} ints each) within a thread: a scorer takes
 * one when it is made and gives it back, zeroed, when its process is finished
 * ({@link ProcessScorer#finish()}). A thread that scores one process after another (a batch worker,
 * a streaming lane) so reuses a few arrays that are warm in its cache instead of touching new
 * memory for every process, which costs more than the lookups of a short process. At most
 * {@link #KEEP} arrays are kept per thread. Thread-safe: each thread has its own free list.
 */
final class CountsPool {
    static final int KEEP = 8;

    private final int n;
    private final ThreadLocal<ArrayDeque<int[]>> free = ThreadLocal.withInitial(ArrayDeque::new);

    CountsPool(int n) {
        this.n = n;
    }

    /** A zeroed array of {@code n} counts. */
    int[] take() {
        int[] counts = free.get().pollLast();
        return counts != null ? counts : new int[n];
    }

    /** Gives back an array from {@link #take()}; the caller must not use it any more. */
    void give(int[] counts) {
        ArrayDeque<int[]> list = free.get();
        if (list.size() < KEEP) {
            Arrays.fill(counts, 0);
            list.addLast(counts);
        }
    }
}
