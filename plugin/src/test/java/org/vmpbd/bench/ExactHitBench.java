package org.vmpbd.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.vmpbd.detect.Alarm;
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
 *   <li>{@link #scorerAcceptRun}: ours, each trace's calls given to a fresh scorer as one run
 *       ({@code ProcessScorer.accept(int[], from, to, sink)}, what {@code Detector.score},
 *       {@code BatchDetector} and the streaming lanes use), its verdict taken at the end;</li>
 *   <li>{@link #scorerAccept}: ours, one call at a time ({@code ProcessScorer.accept(call)}), the
 *       same otherwise;</li>
 *   <li>{@link #bareLookupPacked}: the baseline, stide's cost: the same windows, pre-extracted and
 *       packed into longs, looked up in a plain open-addressing {@code long} set;</li>
 *   <li>{@link #bareLookupExactTable}: the same pre-extracted windows looked up in the engine's own
 *       exact-hit table ({@code ProjectionTable.exact(lib).find}), for reference.</li>
 * </ul>
 * Where the scorer's time goes (reference only, not engine code): streaming variants written here
 * that do part of what {@code ProcessScorer.accept} does, per call —
 * <ul>
 *   <li>{@link #streamPacked}: count the call, roll a packed window key, look it up in the long
 *       set (a streaming stide with the frequency counts the weights need);</li>
 *   <li>{@link #streamPackedRule}: the same plus the consecutive rule's tracker fed {@code b = 1};</li>
 *   <li>{@link #streamEngineTable}: count the call, shift an {@code int[M]} window (no modulo), look
 *       it up in the engine's exact table.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ExactHitBench {
    private static final Consumer<Alarm> ALARM_IGNORED = alarm -> { };
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
            n += scorer.verdict().windows();
        }
        return n;
    }

    /** The same replay, each trace's calls given to its scorer as one run (as {@code Detector.score} does). */
    @Benchmark
    public long scorerAcceptRun() {
        long n = 0;
        for (ProcessTrace t : traces) {
            ProcessScorer scorer = detector.newProcess(t.id());
            int[] calls = t.calls();
            n += scorer.accept(calls, 0, calls.length, ALARM_IGNORED);
            n += scorer.verdict().windows();
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
