package org.vmpbd.eval;

import java.util.Arrays;
import java.util.function.Consumer;
import org.vmpbd.detect.Alarm;
import org.vmpbd.detect.AlarmRule;

/**
 * One process's behaviour trace {@code b_0, b_1, ...} (the paper's figures 6 and 7), stored
 * sparsely: exact library hits have {@code b = 1}, so only the misses are kept, as (window index,
 * b) pairs in increasing index order. Immutable.
 *
 * @param processId    the process
 * @param calls        calls of the process
 * @param windows      windows scored (0 when shorter than M)
 * @param missAt       indexes of the windows not in the library, increasing
 * @param missB        their {@code b_k} (best library similarity, below 1)
 * @param meanScore    the engine's per-process {@code mean} score: mean of {@code 1 - b_k} (NaN with no windows)
 * @param consecutive  the engine's score for the rule it was scored with ({@link org.vmpbd.detect.ProcessVerdict#ruleScore()})
 */
public record BehaviourTrace(String processId, long calls, int windows, int[] missAt, double[] missB,
                             double meanScore, double consecutive) {
    public BehaviourTrace {
        if (missAt.length != missB.length) {
            throw new IllegalArgumentException("missAt and missB differ in length");
        }
    }

    public int misses() {
        return missAt.length;
    }

    /** {@code b_k}. */
    public double b(int k) {
        if (k < 0 || k >= windows) {
            throw new IndexOutOfBoundsException("window " + k + " of " + windows);
        }
        int i = Arrays.binarySearch(missAt, k);
        return i >= 0 ? missB[i] : 1.0;
    }

    /**
     * The trace of the first {@code maxWindows} windows: exactly what scoring the process's first
     * {@code maxWindows + M - 1} calls gives, since scoring is streaming. The scores are not kept (NaN).
     */
    public BehaviourTrace prefix(int maxWindows) {
        if (windows <= maxWindows) {
            return this;
        }
        int n = 0;
        while (n < missAt.length && missAt[n] < maxWindows) {
            n++;
        }
        return new BehaviourTrace(processId, calls, maxWindows, Arrays.copyOf(missAt, n), Arrays.copyOf(missB, n),
            Double.NaN, Double.NaN);
    }

    /** Sum of {@code b_k} over the windows. */
    public double sumB() {
        double s = windows - missAt.length;
        for (double v : missB) {
            s += v;
        }
        return s;
    }

    /**
     * Feeds the whole trace to a rule's tracker (as the engine's scorer would) and returns the
     * tracker, whose {@link AlarmRule.Tracker#score()} is then the rule's score for this process.
     *
     * @param listener receives every alarm, or null
     */
    public AlarmRule.Tracker replay(AlarmRule rule, double epsilon, int m,
                                    Consumer<Alarm> listener) {
        AlarmRule.Tracker tracker = rule.start(processId, epsilon);
        int[] window = new int[m];
        int next = 0;
        for (int k = 0; k < windows; k++) {
            double b = 1.0;
            if (next < missAt.length && missAt[next] == k) {
                b = missB[next++];
            }
            Alarm a = tracker.observe(k, window, b);
            if (a != null && listener != null) {
                listener.accept(a);
            }
        }
        return tracker;
    }
}
