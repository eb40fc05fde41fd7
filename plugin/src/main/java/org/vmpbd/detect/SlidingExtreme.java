package org.vmpbd.detect;

/** Maximum over the last {@code width} values pushed, by a monotonic deque; bounded memory. */
final class SlidingExtreme {
    private final int width;
    private final long[] idx;
    private final double[] val;
    private int head;
    private int size;
    private long pushed;

    SlidingExtreme(int width) {
        this.width = width;
        this.idx = new long[width];
        this.val = new double[width];
    }

    void push(long k, double v) {
        while (size > 0 && idx[head] <= k - width) {
            head = (head + 1) % width;
            size--;
        }
        while (size > 0 && val[(head + size - 1) % width] <= v) {
            size--;
        }
        int slot = (head + size) % width;
        idx[slot] = k;
        val[slot] = v;
        size++;
        pushed++;
    }

    boolean full() {
        return pushed >= width;
    }

    double max() {
        return val[head];
    }
}
