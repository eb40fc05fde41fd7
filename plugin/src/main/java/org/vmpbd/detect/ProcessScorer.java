package org.vmpbd.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores one process's calls as they arrive, one at a time (algorithm 1, streaming). Test-side
 * frequencies are over the process's calls so far. Memory is bounded: O(n + M + the rule's frame).
 * Not thread-safe: each process has its own scorer, and different scorers run concurrently.
 */
public final class ProcessScorer {
    private final String processId;
    private final DetectionModel model;
    private final SimilarityIndex index;
    private final ProjectionTable exact;
    private final PackedWindowSet packed;
    private final AlarmRule.Tracker tracker;
    private final WindowListener listener;
    private final int m;
    private final int[] ring;
    private final int[] window;
    private final double[] b;
    private final int[] counts;
    private final SyscallFilter filter;
    private final List<Alarm> alarms = new ArrayList<>();
    private long total;
    private long dropped;
    private long misses;
    private double dissimilarity;

    private long key;
    private int pos;

    ProcessScorer(String processId, DetectionModel model, SimilarityIndex index, ProjectionTable exact,
                  PackedWindowSet packed, AlarmRule rule, double epsilon, WindowListener listener) {
        this.processId = processId;
        this.model = model;
        this.index = index;
        this.exact = exact;
        this.packed = packed;
        this.tracker = rule.start(processId, epsilon);
        this.listener = listener;
        this.m = model.m();
        this.ring = new int[m];
        this.window = new int[m];
        this.b = new double[m];
        this.counts = new int[model.abi().size()];
        this.filter = model.filter().orElse(null);
    }

    /**
     * Takes the next call of the process.
     *
     * @return the alarm this call raised, or null
     * @throws IllegalArgumentException if the number is outside the model's ABI
     */
    public Alarm accept(int call) {
        if (call < 0 || call >= counts.length) {
            throw new IllegalArgumentException("process " + processId + ": system call " + call
                + " is outside ABI " + model.abi().name() + " (0.." + (counts.length - 1) + ")");
        }
        if (filter != null && !filter.keeps(call)) {
            dropped++;
            return null;
        }
        counts[call]++;
        total++;
        if (packed != null) {
            // the key holds the window: no ring, and the window is unpacked only when needed
            key = packed.roll(key, call);
            if (total < m) {
                return null;
            }
            long k = total - m;
            if (packed.contains(key)) {
                if (listener != WindowListener.NONE) {
                    packed.unpack(key, window);
                    listener.onWindow(k, window, 1.0, true);
                }
                // an exact hit scores 1 >= epsilon, so the rule never reads the (then stale) window
                return observe(k, 1.0);
            }
            packed.unpack(key, window);
            return miss(k);
        }
        ring[pos] = call;
        pos = pos + 1 == m ? 0 : pos + 1;
        if (total < m) {
            return null;
        }
        long k = total - m;
        assembleWindow();
        if (exact.find(window) >= 0) {
            if (listener != WindowListener.NONE) {
                listener.onWindow(k, window, 1.0, true);
            }
            return observe(k, 1.0);
        }
        return miss(k);
    }

    /** Window {@code k} (already in {@code window}) is not in the library. */
    private Alarm miss(long k) {
        misses++;
        double sim = index.maxSimilarity(window, testWeights(), norm());
        dissimilarity += 1.0 - sim;
        if (listener != WindowListener.NONE) {
            listener.onWindow(k, window, sim, false);
        }
        return observe(k, sim);
    }

    private Alarm observe(long k, double sim) {
        Alarm alarm = tracker.observe(k, window, sim);
        if (alarm != null) {
            alarms.add(alarm);
        }
        return alarm;
    }

    private void assembleWindow() {
        int start = pos; // the oldest call of the window: the next slot to be overwritten
        for (int j = 0; j < m; j++) {
            int i = start + j;
            window[j] = ring[i >= m ? i - m : i];
        }
    }

    private double[] testWeights() {
        SyscallWeights w = model.weights();
        for (int j = 0; j < m; j++) {
            int s = window[j];
            b[j] = w.idf(s) * ((double) counts[s] / total);
        }
        return b;
    }

    private double norm() {
        double sq = 0;
        for (int j = 0; j < m; j++) {
            sq += b[j] * b[j];
        }
        return Math.sqrt(sq);
    }

    /** The verdict so far (call at the end of the process for its final verdict). */
    public ProcessVerdict verdict() {
        long windows = Math.max(0, total - m + 1);
        double mean = windows == 0 ? Double.NaN : dissimilarity / windows;
        return new ProcessVerdict(processId, total, dropped, windows, misses, alarms, mean, tracker.score());
    }

    public String processId() {
        return processId;
    }
}
