package org.vmpbd.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.trace.ProcessTrace;

/**
 * The scorer's fast paths (exact hits told to the rule lazily, runs of calls taken in bulk) give
 * bit for bit the verdicts, alarms and behaviour traces of algorithm 1 written out directly, window
 * by window, over random models, rules, epsilons, filters and traces, however the calls are split.
 */
class DetectorBulkPathTest {

    /** One scored window as a listener sees it. */
    private record Seen(long k, List<Integer> window, double b, boolean exact) {
    }

    /** What a way of feeding the calls produced. */
    private record Outcome(ProcessVerdict verdict, List<Alarm> alarms, List<Seen> trace) {
    }

    /** Algorithm 1 straight from the model description, window by window: the oracle. */
    private static final class Reference {
        private final Detector d;
        private final Set<List<Integer>> library = new HashSet<>();
        private final SimilarityIndex scan;

        Reference(Detector d) {
            this.d = d;
            WindowLibrary lib = d.model().library();
            for (int row = 0; row < lib.rows(); row++) {
                List<Integer> w = new ArrayList<>();
                for (int j = 0; j < lib.m(); j++) {
                    w.add(lib.symbol(row, j));
                }
                library.add(w);
            }
            scan = IndexKind.SCAN.build(lib, d.model().weights());
        }

        Outcome score(String id, int[] calls) {
            DetectionModel model = d.model();
            int m = model.m();
            SyscallFilter filter = model.filter().orElse(null);
            AlarmRule.Tracker tracker = d.rule().start(id, d.epsilon());
            List<Integer> kept = new ArrayList<>();
            int[] counts = new int[model.abi().size()];
            long dropped = 0;
            long misses = 0;
            double dissimilarity = 0;
            List<Alarm> alarms = new ArrayList<>();
            List<Seen> trace = new ArrayList<>();
            for (int call : calls) {
                if (filter != null && !filter.keeps(call)) {
                    dropped++;
                    continue;
                }
                kept.add(call);
                counts[call]++;
                long total = kept.size();
                if (total < m) {
                    continue;
                }
                long k = total - m;
                List<Integer> w = List.copyOf(kept.subList(kept.size() - m, kept.size()));
                int[] window = w.stream().mapToInt(Integer::intValue).toArray();
                boolean exact = library.contains(w);
                double b;
                if (exact) {
                    b = 1.0;
                } else {
                    double[] weights = new double[m];
                    double sq = 0;
                    for (int j = 0; j < m; j++) {
                        weights[j] = model.weights().idf(window[j]) * ((double) counts[window[j]] / total);
                        sq += weights[j] * weights[j];
                    }
                    b = scan.maxSimilarity(window, weights, Math.sqrt(sq));
                    misses++;
                    dissimilarity += 1.0 - b;
                }
                trace.add(new Seen(k, w, b, exact));
                Alarm a = tracker.observe(k, window, b);
                if (a != null) {
                    alarms.add(a);
                }
            }
            long windows = Math.max(0, kept.size() - m + 1);
            ProcessVerdict v = new ProcessVerdict(id, kept.size(), dropped, windows, misses, alarms,
                windows == 0 ? Double.NaN : dissimilarity / windows, tracker.score());
            return new Outcome(v, alarms, trace);
        }
    }

    private static WindowListener recorder(List<Seen> into) {
        return (k, window, b, exact) -> into.add(new Seen(k, Arrays.stream(window).boxed().toList(), b, exact));
    }

    private static Outcome oneAtATime(Detector d, String id, int[] calls, boolean listen) {
        List<Seen> trace = new ArrayList<>();
        ProcessScorer s = listen ? d.newProcess(id, recorder(trace)) : d.newProcess(id);
        List<Alarm> alarms = new ArrayList<>();
        for (int c : calls) {
            Alarm a = s.accept(c);
            if (a != null) {
                alarms.add(a);
            }
        }
        return new Outcome(s.verdict(), alarms, listen ? trace : null);
    }

    /** In random runs (some empty), with the verdict so far checked against the oracle at one split. */
    private static Outcome inRuns(Detector d, Reference ref, String id, int[] calls, boolean listen,
                                  SplittableRandom rnd) {
        List<Seen> trace = new ArrayList<>();
        ProcessScorer s = listen ? d.newProcess(id, recorder(trace)) : d.newProcess(id);
        List<Alarm> alarms = new ArrayList<>();
        int checkAt = rnd.nextInt(calls.length + 1);
        int i = 0;
        while (i < calls.length) {
            int to = Math.min(calls.length, i + rnd.nextInt(rnd.nextBoolean() ? 8 : 200));
            if (i <= checkAt && checkAt < to) {
                assertEquals(ref.score(id, Arrays.copyOf(calls, i)).verdict(), s.verdict(), "verdict so far, at " + i);
            }
            int before = alarms.size();
            int raised = s.accept(calls, i, to, alarms::add);
            assertEquals(alarms.size() - before, raised, "alarms counted as raised");
            i = to;
        }
        return new Outcome(s.verdict(), alarms, listen ? trace : null);
    }

    /** Training-like traces with mutated calls and bursts of unseen ones: hits, misses and alarms. */
    private static List<int[]> tests(List<ProcessTrace> train, int abiSize, SplittableRandom rnd) {
        List<int[]> out = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int[] calls = train.get(rnd.nextInt(train.size())).calls().clone();
            int mutations = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(1 + calls.length / 10);
            for (int i = 0; i < mutations; i++) {
                calls[rnd.nextInt(calls.length)] = rnd.nextInt(abiSize);
            }
            if (rnd.nextBoolean() && calls.length > 80) {
                int from = rnd.nextInt(calls.length - 60);
                for (int i = from; i < from + 20 + rnd.nextInt(40); i++) {
                    calls[i] = rnd.nextInt(abiSize);
                }
            }
            out.add(calls);
        }
        out.add(new int[] {1, 2});
        return out;
    }

    private static AlarmRule randomRule(SplittableRandom rnd) {
        if (rnd.nextBoolean()) {
            return new ConsecutiveRule(1 + rnd.nextInt(20));
        }
        int frame = 1 + rnd.nextInt(25);
        return new FrameRule(1 + rnd.nextInt(frame), frame);
    }

    /**
     * @param abiSize 600 with M = 7 makes windows too wide for a packed key (10 bits a call): the
     *                ring path; the others use packed keys
     */
    private static void checkAllWays(int m, int alphabet, int abiSize, boolean filtered, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Abi abi = TestTraces.abi(abiSize);
        List<ProcessTrace> train = TestTraces.markov(abi, alphabet, 15, 30, 400, seed);
        SyscallFilter filter = null;
        if (filtered) {
            // most of the calls the traces use, and a few they do not
            int[] keep = java.util.stream.IntStream.concat(
                rnd.ints(0, alphabet).distinct().limit(Math.max(2, alphabet * 3 / 4)),
                rnd.ints(alphabet, abiSize).distinct().limit(2)).distinct().sorted().toArray();
            filter = new SyscallFilter(abi, keep);
        }
        DetectionModel model = new ModelTrainer().train(train, new TrainingOptions(m, IdfVariant.SMOOTH, filter, "t"));
        IndexKind kind = IndexKind.values()[rnd.nextInt(IndexKind.values().length)];
        double[] epsilons = {0.3, 0.5, 0.7, 0.9, 1.0};
        Detector d = new Detector(model, kind, randomRule(rnd), epsilons[rnd.nextInt(epsilons.length)]);
        Reference ref = new Reference(d);
        int i = 0;
        for (int[] calls : tests(train, abiSize, rnd)) {
            String id = "p" + i++;
            String where = "seed " + seed + " " + id + " " + d.rule().describe() + " eps " + d.epsilon() + " " + kind;
            Outcome expected = ref.score(id, calls);
            Outcome single = oneAtATime(d, id, calls, false);
            Outcome runs = inRuns(d, ref, id, calls, false, rnd);
            assertEquals(expected.verdict(), single.verdict(), where);
            assertEquals(expected.alarms(), single.alarms(), where);
            assertEquals(expected.verdict(), runs.verdict(), where);
            assertEquals(expected.alarms(), runs.alarms(), where);
            assertEquals(expected.verdict(), d.score(new ProcessTrace(id, abi, calls, "unit")), where);
            Outcome singleHeard = oneAtATime(d, id, calls, true);
            Outcome runsHeard = inRuns(d, ref, id, calls, true, rnd);
            assertEquals(expected.trace(), singleHeard.trace(), where);
            assertEquals(expected.trace(), runsHeard.trace(), where);
            assertEquals(expected.verdict(), runsHeard.verdict(), where);
        }
    }

    @Test
    void packedKeysWithBothRules() {
        for (long seed = 1; seed <= 30; seed++) {
            checkAllWays(6, 12, 30, false, seed);
        }
    }

    @Test
    void shortAndLongWindowsAndFilters() {
        for (long seed = 31; seed <= 50; seed++) {
            checkAllWays(seed % 2 == 0 ? 1 : 3, 8, 20, seed % 3 == 0, seed);
            checkAllWays(10, 6, 40, seed % 3 != 0, seed);
        }
    }

    @Test
    void windowsTooWideForAPackedKey() {
        assertTrue(!PackedWindowSet.fits(7, 600));
        for (long seed = 51; seed <= 60; seed++) {
            checkAllWays(7, 10, 600, seed % 2 == 0, seed);
        }
    }

    /** The random cases above do raise alarms and do miss, or they would show little. */
    @Test
    void theRandomCasesCoverAlarmsMissesAndLongHitRuns() {
        int alarms = 0;
        int misses = 0;
        int longHitRuns = 0;
        for (long seed = 1; seed <= 30; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            Abi abi = TestTraces.abi(30);
            List<ProcessTrace> train = TestTraces.markov(abi, 12, 15, 30, 400, seed);
            DetectionModel model = new ModelTrainer().train(train,
                new TrainingOptions(6, IdfVariant.SMOOTH, null, "t"));
            Reference ref = new Reference(new Detector(model, IndexKind.SUBSET, new ConsecutiveRule(6), 0.7));
            for (int[] calls : tests(train, 30, rnd)) {
                Outcome o = ref.score("p", calls);
                alarms += o.alarms().size();
                misses += o.verdict().misses();
                int run = 0;
                for (Seen s : o.trace()) {
                    run = s.exact() ? run + 1 : 0;
                    if (run == 50) {
                        longHitRuns++;
                    }
                }
            }
        }
        assertTrue(alarms > 20, "alarms " + alarms);
        assertTrue(misses > 500, "misses " + misses);
        assertTrue(longHitRuns > 50, "runs of 50 hits " + longHitRuns);
    }

    @Test
    void aCallOutsideTheAbiInARunStopsTheRunThere() {
        Abi abi = TestTraces.abi(30);
        List<ProcessTrace> train = TestTraces.markov(abi, 12, 15, 30, 400, 7);
        DetectionModel model = new ModelTrainer().train(train, new TrainingOptions(6, IdfVariant.SMOOTH, null, "t"));
        Detector d = new Detector(model, IndexKind.SUBSET, new FrameRule(3, 10), 0.7);
        int[] calls = train.get(0).calls();
        int bad = calls.length / 2;
        int[] withBad = new int[calls.length + 1];
        System.arraycopy(calls, 0, withBad, 0, bad);
        withBad[bad] = abi.size();
        System.arraycopy(calls, bad, withBad, bad + 1, calls.length - bad);
        Reference ref = new Reference(d);
        ProcessScorer s = d.newProcess("p");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> s.accept(withBad, 0, withBad.length, a -> { }));
        assertTrue(e.getMessage().contains("system call " + abi.size()) && e.getMessage().contains("process p"),
            e.getMessage());
        assertEquals(ref.score("p", Arrays.copyOf(calls, bad)).verdict(), s.verdict(), "the calls before it are taken");
        s.accept(withBad, bad + 1, withBad.length, a -> { });
        assertEquals(ref.score("p", calls).verdict(), s.verdict(), "and the process goes on after it");
        assertThrows(IndexOutOfBoundsException.class, () -> s.accept(calls, 5, calls.length + 1, a -> { }));
    }
}
