package org.vmpbd.detect;

import java.util.Arrays;

/**
 * One window behind an alarm: its index in the process's window sequence, its calls and its
 * behaviour value {@code b_k} (the best library similarity; below epsilon).
 */
public record AlarmWindow(long index, int[] calls, double similarity) {
    public AlarmWindow {
        calls = calls.clone();
    }

    @Override
    public int[] calls() {
        return calls.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlarmWindow w && w.index == index && Arrays.equals(w.calls, calls)
            && Double.compare(w.similarity, similarity) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(index) * 31 + Arrays.hashCode(calls);
    }

    @Override
    public String toString() {
        return "AlarmWindow[index=" + index + ", calls=" + Arrays.toString(calls) + ", similarity=" + similarity + "]";
    }
}
