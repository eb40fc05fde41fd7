package org.vmpbd.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.vmpbd.detect.AlarmRule;
import org.vmpbd.detect.ConsecutiveRule;
import org.vmpbd.detect.DetectBenchAccess;
import org.vmpbd.detect.Detector;
import org.vmpbd.detect.IndexKind;
import org.vmpbd.detect.ProcessScorer;
import org.vmpbd.detect.ProcessVerdict;
import org.vmpbd.detect.trace.ProcessTrace;

/**
 * Target 1, the exact-hit path: every ADFA-LD training trace replayed through the detector built
 * from those same traces, so every window is in the library. One operation is the whole replay of
 * the same windows; the report compares whole-operation times (so, per window) and shows per-call
 * figures beside.
 * <ul>
 *   <li>{@link #detectorScore}: ours, {@code Detector.score} per trace: a scorer made, the trace's
 *       calls given to it as one run ({@code ProcessScorer.accept(int[], from, to, sink)}, as
 *       {@code BatchDetector} and the streaming lanes do too), its verdict taken by
 *       {@code finish()};</li>
 *   <li>{@link #scorerAccept}: ours, one call at a time ({@code ProcessScorer.accept(call)}), the
 *       same otherwise;</li>
 *   <li>{@link #bareLookupPacked}: the baseline, stide's cost: the same windows, pre-extracted and
 *       packed into longs, looked up in a plain open-addressing {@code long} set (the engine's
 *       exact-hit set has the same layout and hash);</li>
 *   <li>{@link #bareLookupExactTable}: the same pre-extracted windows looked up in the engine's
 *       general exact table ({@code ProjectionTable.exact(lib).find}), for reference.</li>
 * </ul>
 * Where the scorer's time goes (reference only, not engine code except the last): streaming
 * variants written here that do part of what the scorer does, per call —
 * <ul>
 *   <li>{@link #streamKeyOnly}: roll a packed window key and look it up, nothing else (the key is
 *       computed from the calls, not loaded: the least any streaming lookup does);</li>
 *   <li>{@link #streamPacked}: the same plus counting the call, in a fresh {@code int[n]} per trace
 *       (a streaming stide with the frequency counts the weights need);</li>
 *   <li>{@link #streamPackedRule}: the same plus the consecutive rule's tracker fed {@code b = 1}
 *       per window;</li>
 *   <li>{@link #streamEngineTable}: count the call, shift an {@code int[M]} window (no modulo), look
 *       it up in the engine's general exact table;</li>
 *   <li>{@link #scorerSetupOnly}: ours with no calls, a scorer made and finished per trace.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ExactHitBench {
    private Detector detector;
    private List<ProcessTrace> traces;
    private long[] packed;
    private PackedWindowSet set;
    private int[][] windows;
    private DetectBenchAccess.ExactTable exact;
    private AlarmRule rule;
    private int bits;
    private int n;

    @Setup
    public void setup() {
        BenchData.Adfa a = BenchData.adfa();
        detector = new Detector(a.model, IndexKind.SUBSET, new ConsecutiveRule(3 * BenchData.M), 0.5);
        traces = a.training;
        packed = a.packedWindows;
        set = a.packedLibrary;
        windows = a.windows;
        exact = DetectBenchAccess.exactTable(a.library());
        rule = detector.rule();
        bits = a.bits;
        n = a.library().n();
        for (ProcessTrace t : traces) {
            ProcessVerdict v = detector.score(t);
            if (v.misses() != 0) {
                throw new IllegalStateException("replayed training trace " + t.id() + " missed the library " + v.misses() + " times");
            }
        }
    }

    @Benchmark
    public long scorerAccept() {
        long n = 0;
        for (ProcessTrace t : traces) {
            ProcessScorer scorer = detector.newProcess(t.id());
            for (int call : t.calls()) {
                if (scorer.accept(call) != null) {
                    n++;
                }
            }
            n += scorer.finish().windows();
        }
        return n;
    }

    /** The same replay through {@code Detector.score}: each trace's calls given to its scorer as one run. */
    @Benchmark
    public long detectorScore() {
        long n = 0;
        for (ProcessTrace t : traces) {
            n += detector.score(t).windows();
        }
        return n;
    }

    @Benchmark
    public int bareLookupPacked() {
        int hits = 0;
        for (long w : packed) {
            if (set.contains(w)) {
                hits++;
            }
        }
        return hits;
    }

    @Benchmark
    public int bareLookupExactTable() {
        int hits = 0;
        for (int[] w : windows) {
            if (exact.find(w) >= 0) {
                hits++;
            }
        }
        return hits;
    }

    @Benchmark
    public long streamPacked() {
        final int m = BenchData.M;
        final long mask = (1L << (m * bits)) - 1;
        long hits = 0;
        for (ProcessTrace t : traces) {
            int[] counts = new int[n];
            long key = 0;
            int seen = 0;
            for (int call : t.calls()) {
                counts[call]++;
                key = ((key << bits) | call) & mask;
                if (++seen >= m && set.contains(key)) {
                    hits++;
                }
            }
            hits += counts[t.calls()[0]];
        }
        return hits;
    }

    /** Roll a packed window key per call and look it up: the least any streaming lookup does. */
    @Benchmark
    public long streamKeyOnly() {
        final int m = BenchData.M;
        final long mask = (1L << (m * bits)) - 1;
        long hits = 0;
        for (ProcessTrace t : traces) {
            int[] calls = t.calls();
            long key = 0;
            int i = 0;
            for (; i < m - 1 && i < calls.length; i++) {
                key = ((key << bits) | calls[i]) & mask;
            }
            for (; i < calls.length; i++) {
                key = ((key << bits) | calls[i]) & mask;
                if (set.contains(key)) {
                    hits++;
                }
            }
        }
        return hits;
    }

    /** Ours without any call: a scorer made and finished per trace (the per-process set-up). */
    @Benchmark
    public long scorerSetupOnly() {
        long n = 0;
        for (ProcessTrace t : traces) {
            n += detector.newProcess(t.id()).finish().calls();
        }
        return n;
    }

    @Benchmark
    public long streamPackedRule() {
        final int m = BenchData.M;
        final long mask = (1L << (m * bits)) - 1;
        long hits = 0;
        int[] window = new int[m];
        for (ProcessTrace t : traces) {
            int[] counts = new int[n];
            AlarmRule.Tracker tracker = rule.start(t.id(), detector.epsilon());
            long key = 0;
            long k = 0;
            int seen = 0;
            for (int call : t.calls()) {
                counts[call]++;
                key = ((key << bits) | call) & mask;
                if (++seen >= m) {
                    double b = set.contains(key) ? 1.0 : 0.0;
                    if (tracker.observe(k++, window, b) != null) {
                        hits++;
                    }
                }
            }
            hits += counts[t.calls()[0]] + (long) tracker.score();
        }
        return hits;
    }

    @Benchmark
    public long streamEngineTable() {
        final int m = BenchData.M;
        long hits = 0;
        int[] window = new int[m];
        for (ProcessTrace t : traces) {
            int[] counts = new int[n];
            int seen = 0;
            for (int call : t.calls()) {
                counts[call]++;
                System.arraycopy(window, 1, window, 0, m - 1);
                window[m - 1] = call;
                if (++seen >= m && exact.find(window) >= 0) {
                    hits++;
                }
            }
            hits += counts[t.calls()[0]];
        }
        return hits;
    }
}
