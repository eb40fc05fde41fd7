package org.vmpbd.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vmpbd.detect.ConsecutiveRule;
import org.vmpbd.detect.Detector;
import org.vmpbd.detect.IdfVariant;
import org.vmpbd.detect.IndexKind;
import org.vmpbd.detect.ModelTrainer;
import org.vmpbd.detect.TrainingOptions;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.detect.trace.ProcessTrace;

class StideTest {
    private static final Abi ABI = Abis.byName(Abis.LINUX_I386);

    private static ProcessTrace trace(String id, int... calls) {
        return new ProcessTrace(id, ABI, calls, "test");
    }

    @Test
    void databaseHoldsTheDistinctWindows() {
        Stide s = Stide.train(List.of(trace("a", 1, 2, 3, 1, 2, 3), trace("b", 1, 2, 3)), 3, 20, ABI.size());
        // 123, 231, 312 (from a); 123 again (from b)
        assertEquals(3, s.size());
    }

    @Test
    void mismatchesAndLocalityFrameCount() {
        Stide s = Stide.train(List.of(trace("n", 1, 2, 3, 1, 2, 3, 1, 2, 3)), 3, 4, ABI.size());
        // windows: 123 231 312 12(9) 2(9)3 (9)31 312 123
        boolean[] miss = s.mismatches(new int[] {1, 2, 3, 1, 2, 9, 3, 1, 2, 3});
        assertArrayEquals(new boolean[] {false, false, false, true, true, true, false, false}, miss);
        Stide.Result r = s.score(trace("t", 1, 2, 3, 1, 2, 9, 3, 1, 2, 3));
        assertEquals(8, r.windows());
        assertEquals(3, r.mismatches());
        assertEquals(3, r.lfc());
        assertTrue(r.anomalous(3));
        assertFalse(r.anomalous(4));
    }

    @Test
    void frameIsSlidingAndShorterAtTheStart() {
        boolean[] miss = {true, false, true, false, false, true, true};
        assertEquals(2, Stide.lfc(miss, 2));
        assertEquals(2, Stide.lfc(miss, 4));
        assertEquals(3, Stide.lfc(miss, 5));
        assertEquals(4, Stide.lfc(miss, 7));
        assertEquals(1, Stide.lfc(miss, 1));
        assertEquals(0, Stide.lfc(new boolean[0], 20));
    }

    @Test
    void shortProcessHasNoWindow() {
        Stide s = Stide.train(List.of(trace("n", 1, 2, 3, 4, 5, 6, 7)), 6, 20, ABI.size());
        Stide.Result r = s.score(trace("short", 1, 2, 3));
        assertEquals(0, r.windows());
        assertEquals(0, r.lfc());
        assertTrue(Double.isNaN(r.mismatchFraction()));
    }

    @Test
    void unpackedStorageAgreesWithPacked() {
        // 441^10 does not fit in 62 bits: stide falls back to storing whole windows
        SplittableRandom rnd = new SplittableRandom(3);
        int[] normal = rnd.ints(400, 0, 6).toArray();
        int[] test = rnd.ints(300, 0, 7).toArray();
        Stide wide = Stide.train(List.of(trace("n", normal)), 10, 20, ABI.size());
        Stide narrow = Stide.train(List.of(trace("n", normal)), 10, 20, 8);
        assertEquals(-1, Stide.power(ABI.size(), 10));
        assertArrayEquals(narrow.mismatches(test), wide.mismatches(test));
    }

    /** stide with k = M is vmpbd's frame rule at epsilon = 1: a window misses the library iff b_k < 1. */
    @Test
    void agreesWithTheFrameRuleAtEpsilonOne() {
        SplittableRandom rnd = new SplittableRandom(11);
        List<ProcessTrace> train = List.of(trace("a", SyntheticUnm.normal(rnd, 500)), trace("b", SyntheticUnm.normal(rnd, 300)));
        Stide s = Stide.train(train, 6, 20, ABI.size());
        Detector d = new Detector(new ModelTrainer().train(train, new TrainingOptions(6, IdfVariant.SMOOTH, null, "")),
            IndexKind.SUBSET, new ConsecutiveRule(18), 1.0);
        for (int i = 0; i < 20; i++) {
            ProcessTrace t = trace("t" + i, i % 2 == 0 ? SyntheticUnm.intrusion(rnd, 150) : SyntheticUnm.normal(rnd, 150));
            BehaviourTrace b = BehaviourScorer.score(d, t);
            Stide.Result r = s.score(t);
            assertEquals(r.mismatches(), b.misses());
            assertEquals(r.lfc(), RuleScores.maxMissesInFrame(b, 20));
            double[] frame = RuleScores.frameAll(b, 20);
            for (int k = 1; k <= 20; k++) {
                assertEquals(r.lfc() >= k, frame[k - 1] < 1.0, "r = " + k);
            }
        }
    }
}
