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
    private long windows;
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
        ring[pos] = call;
        pos = pos + 1 == m ? 0 : pos + 1;
        total++;
        if (packed != null) {
            key = packed.roll(key, call);
        }
        if (total < m) {
            return null;
        }
        boolean assembled = false;
        boolean hit;
        if (packed != null) {
            hit = packed.contains(key);
        } else {
            assembleWindow();
            assembled = true;
            hit = exact.find(window) >= 0;
        }
        double sim;
        if (hit) {
            sim = 1.0;
        } else {
            if (!assembled) {
                assembleWindow();
                assembled = true;
            }
            misses++;
            sim = index.maxSimilarity(window, testWeights(), norm());
        }
        long k = windows++;
        if (!hit) {
            dissimilarity += 1.0 - sim;
        }
        if (listener != WindowListener.NONE) {
            if (!assembled) {
                assembleWindow();
            }
            listener.onWindow(k, window, sim, hit);
        }
        // an exact hit scores 1 >= epsilon, so the rule never reads the (then stale) window
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
        double mean = windows == 0 ? Double.NaN : dissimilarity / windows;
        return new ProcessVerdict(processId, total, dropped, windows, misses, alarms, mean, tracker.score());
    }

    public String processId() {
        return processId;
    }
}
