package org.vmpbd.detect;

/** Maximum over the last {@code width} values pushed, by a monotonic deque; bounded memory. */
final class SlidingExtreme {
    private final int width;
    private final long[] idx;
    private final double[] val;
    private int head;
    private int size;

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
    }

    void clear() {
        size = 0;
    }

    double max() {
        return val[head];
    }
}
