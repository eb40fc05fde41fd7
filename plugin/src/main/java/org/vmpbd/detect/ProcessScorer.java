package org.vmpbd.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Scores one process's calls as they arrive (algorithm 1, streaming): one at a time
 * ({@link #accept(int)}) or a run at a time ({@link #accept(int[], int, int, Consumer)}), with the
 * same results. Test-side frequencies are over the process's calls so far. Memory is bounded:
 * O(n + M + the rule's frame). Not thread-safe: each process has its own scorer, and different
 * scorers run concurrently.
 *
 * <p>Exact hits are told to the alarm rule lazily, as one run ({@link AlarmRule.Tracker#observeHits})
 * before the next miss or the verdict: a hit scores 1, which never raises an alarm.
 */
public final class ProcessScorer {
    private static final long NO_HITS = -1;

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
    private final CountsPool pool;
    /** Calls so far, by call; from {@link #pool}, given back (and null) once finished. */
    private int[] counts;
    private final SyscallFilter filter;
    /** Whether runs of exact hits can be taken in bulk: packed keys, and no listener to see each window. */
    private final boolean bulkHits;
    private final List<Alarm> alarms = new ArrayList<>();
    private long total;
    private long dropped;
    private long misses;
    private double dissimilarity;
    /** The first window of the run of exact hits not yet told to the tracker, or {@link #NO_HITS}. */
    private long hitsFrom = NO_HITS;

    private long key;
    private int pos;

    ProcessScorer(String processId, DetectionModel model, SimilarityIndex index, ProjectionTable exact,
                  PackedWindowSet packed, CountsPool pool, AlarmRule rule, double epsilon,
                  WindowListener listener) {
        this.processId = processId;
        this.model = model;
        this.index = index;
        this.exact = exact;
        this.packed = packed;
        this.tracker = rule.start(processId, epsilon);
        this.listener = listener;
        this.m = model.m();
        this.ring = packed == null ? new int[m] : null;
        this.window = new int[m];
        this.b = new double[m];
        this.pool = pool;
        this.counts = pool.take();
        this.filter = model.filter().orElse(null);
        this.bulkHits = packed != null && listener == WindowListener.NONE;
    }

    /**
     * Takes the next call of the process.
     *
     * @return the alarm this call raised, or null
     * @throws IllegalArgumentException if the number is outside the model's ABI
     */
    public Alarm accept(int call) {
        int[] c = counts;
        if (c == null) {
            throw finished();
        }
        if (call < 0 || call >= c.length) {
            throw outsideAbi(call);
        }
        if (bulkHits && filter == null && total >= m - 1) {
            // the common case, an exact hit, in as few steps as the run path takes
            long next = packed.roll(key, call);
            if (packed.contains(next)) {
                c[call]++;
                key = next;
                if (hitsFrom == NO_HITS) {
                    hitsFrom = total + 1 - m;
                }
                total++;
                return null;
            }
        }
        return take(call);
    }

    /** {@link #accept(int)} for a call within the ABI, in general. */
    private Alarm take(int call) {
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
                hit(k);
                return null;
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
            hit(k);
            return null;
        }
        return miss(k);
    }

    /**
     * Takes {@code calls[from..to)} in order, exactly as {@link #accept(int)} one by one would;
     * each alarm raised goes to {@code onAlarm} as it is raised. With packed keys and no listener,
     * runs of exact hits are taken by {@link PackedWindowSet#countHits} (the key in a local, a probe
     * and a count per call, the rule told once per run); misses go one at a time.
     *
     * @return the number of alarms raised
     * @throws IllegalArgumentException at a call outside the model's ABI; the calls before it are
     *                                  taken, the ones after it are not
     */
    public int accept(int[] calls, int from, int to, Consumer<? super Alarm> onAlarm) {
        Objects.checkFromToIndex(from, to, calls.length);
        if (counts == null) {
            throw finished();
        }
        int raised = 0;
        int i = from;
        while (i < to) {
            if (bulkHits) {
                int next = total < m - 1 ? takeFirstCalls(calls, i, to) : takeHits(calls, i, to);
                if (next > i) {
                    i = next;
                    continue;
                }
            }
            // a miss, a call outside the ABI or dropped by the filter, or no bulk path: one at a time
            Alarm a = accept(calls[i++]);
            if (a != null) {
                raised++;
                onAlarm.accept(a);
            }
        }
        return raised;
    }

    /**
     * Takes the process's first {@code M - 1} calls (no window complete yet) from {@code calls[from]}
     * on; stops at a call outside the ABI or dropped by the filter.
     *
     * @return the index of the first call not taken
     */
    private int takeFirstCalls(int[] calls, int from, int to) {
        int i = from;
        for (; i < to && total < m - 1; i++) {
            int call = calls[i];
            if (call < 0 || call >= counts.length || filter != null && !filter.keeps(call)) {
                break;
            }
            counts[call]++;
            key = packed.roll(key, call);
            total++;
        }
        return i;
    }

    /**
     * Takes calls from {@code calls[from]} on while each completes a window that is an exact hit.
     * Stops, without taking it, at a call that is outside the ABI, dropped by the filter or completes
     * a miss. Requires packed keys, no listener, and at least {@code M - 1} calls taken.
     *
     * @return the index of the first call not taken
     */
    private int takeHits(int[] calls, int from, int to) {
        int stop = packed.countHits(key, calls, from, to, filter, counts);
        if (stop > from) {
            if (hitsFrom == NO_HITS) {
                hitsFrom = total + 1 - m;
            }
            total += stop - from;
            long k = key;
            for (int i = Math.max(from, stop - m); i < stop; i++) {
                k = packed.roll(k, calls[i]);
            }
            key = k;
        }
        return stop;
    }

    private IllegalStateException finished() {
        return new IllegalStateException("process " + processId + " is finished: its scorer takes no more calls");
    }

    private IllegalArgumentException outsideAbi(int call) {
        return new IllegalArgumentException("process " + processId + ": system call " + call
            + " is outside ABI " + model.abi().name() + " (0.." + (counts.length - 1) + ")");
    }

    /** Window {@code k} is in the library: it joins the run of hits the tracker has yet to see. */
    private void hit(long k) {
        if (hitsFrom == NO_HITS) {
            hitsFrom = k;
        }
    }

    /** Tells the tracker the run of hits up to window {@code last}, if any. */
    private void flushHits(long last) {
        if (hitsFrom != NO_HITS) {
            tracker.observeHits(hitsFrom, last);
            hitsFrom = NO_HITS;
        }
    }

    /** Window {@code k} (already in {@code window}) is not in the library. */
    private Alarm miss(long k) {
        flushHits(k - 1);
        misses++;
        double sim = index.maxSimilarity(window, testWeights(), norm());
        dissimilarity += 1.0 - sim;
        if (listener != WindowListener.NONE) {
            listener.onWindow(k, window, sim, false);
        }
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

    /** The verdict so far; the scorer goes on taking calls. */
    public ProcessVerdict verdict() {
        flushHits(total - m);
        long windows = Math.max(0, total - m + 1);
        double mean = windows == 0 ? Double.NaN : dissimilarity / windows;
        return new ProcessVerdict(processId, total, dropped, windows, misses, alarms, mean, tracker.score());
    }

    /**
     * The process is over: its final verdict. The scorer takes no more calls (they are refused with
     * an {@link IllegalStateException}); its per-call counts go back to the detector's pool for the
     * next process this thread scores. {@link #verdict()} still answers.
     */
    public ProcessVerdict finish() {
        ProcessVerdict v = verdict();
        if (counts != null) {
            pool.give(counts);
            counts = null;
        }
        return v;
    }

    public String processId() {
        return processId;
    }
}
