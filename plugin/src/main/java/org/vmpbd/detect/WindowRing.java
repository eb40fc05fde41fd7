package org.vmpbd.detect;

import java.util.ArrayList;
import java.util.List;

/** The last {@code capacity} windows below epsilon, with their indexes and values; bounded. */
final class WindowRing {
    private final long[] index;
    private final int[][] calls;
    private final double[] value;
    private int head;
    private int size;

    WindowRing(int capacity) {
        index = new long[capacity];
        calls = new int[capacity][];
        value = new double[capacity];
    }

    void add(long k, int[] window, double b) {
        int slot = (head + size) % index.length;
        if (size == index.length) {
            head = (head + 1) % index.length;
        } else {
            size++;
        }
        index[slot] = k;
        if (calls[slot] == null || calls[slot].length != window.length) {
            calls[slot] = new int[window.length];
        }
        System.arraycopy(window, 0, calls[slot], 0, window.length);
        value[slot] = b;
    }

    void dropOlderThan(long minIndex) {
        while (size > 0 && index[head] < minIndex) {
            head = (head + 1) % index.length;
            size--;
        }
    }

    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    List<AlarmWindow> windows() {
        List<AlarmWindow> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int slot = (head + i) % index.length;
            out.add(new AlarmWindow(index[slot], calls[slot], value[slot]));
        }
        return out;
    }
}
