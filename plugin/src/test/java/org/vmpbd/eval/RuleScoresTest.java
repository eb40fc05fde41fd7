package org.vmpbd.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vmpbd.detect.Alarm;
import org.vmpbd.detect.AlarmRule;
import org.vmpbd.detect.ConsecutiveRule;
import org.vmpbd.detect.FrameRule;

class RuleScoresTest {
    /** A random sparse behaviour trace: misses in bursts, b drawn from a few levels (with ties). */
    private static BehaviourTrace random(SplittableRandom rnd, int windows) {
        List<Integer> at = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        double density = rnd.nextDouble() * 0.6;
        for (int k = 0; k < windows; k++) {
            if (rnd.nextDouble() < density) {
                at.add(k);
                b.add(rnd.nextInt(8) / 10.0 + (rnd.nextBoolean() ? 0.0 : rnd.nextDouble() / 20));
            }
        }
        return new BehaviourTrace("p", windows, windows, at.stream().mapToInt(Integer::intValue).toArray(),
            b.stream().mapToDouble(Double::doubleValue).toArray(), Double.NaN, Double.NaN);
    }

    @Test
    void frameScoresEqualTheEngineTrackerForEveryR() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int trial = 0; trial < 300; trial++) {
            BehaviourTrace t = random(rnd, rnd.nextInt(120));
            int frame = 1 + rnd.nextInt(20);
            double[] all = RuleScores.frameAll(t, frame);
            for (int r = 1; r <= frame; r++) {
                double engine = t.replay(new FrameRule(r, frame), 1.0, 6, null).score();
                assertEquals(engine, all[r - 1], "trial " + trial + " r=" + r + " L=" + frame);
            }
        }
    }

    @Test
    void aProcessAlarmsIffItsScoreIsBelowEpsilon() {
        SplittableRandom rnd = new SplittableRandom(9);
        for (int trial = 0; trial < 200; trial++) {
            BehaviourTrace t = random(rnd, 1 + rnd.nextInt(150));
            double eps = 0.05 + rnd.nextInt(20) / 20.0;
            for (AlarmRule rule : List.of(new FrameRule(1 + rnd.nextInt(6), 20), new ConsecutiveRule(1 + rnd.nextInt(8)))) {
                List<Alarm> alarms = new ArrayList<>();
                double score = t.replay(rule, eps, 6, alarms::add).score();
                assertEquals(score < eps, !alarms.isEmpty(), rule.describe() + " eps=" + eps + " score=" + score);
            }
        }
    }

    @Test
    void maxMissesInFrame() {
        BehaviourTrace t = new BehaviourTrace("p", 50, 50, new int[] {0, 2, 5, 6, 30}, new double[] {0.1, 0.2, 0.3, 0.4, 0.5},
            Double.NaN, Double.NaN);
        assertEquals(2, RuleScores.maxMissesInFrame(t, 4));
        assertEquals(3, RuleScores.maxMissesInFrame(t, 5));
        assertEquals(4, RuleScores.maxMissesInFrame(t, 20));
        assertEquals(0.1, RuleScores.frameAll(t, 5)[0]);
        assertEquals(0.2, RuleScores.frameAll(t, 5)[1]);
        assertEquals(0.4, RuleScores.frameAll(t, 5)[2]);
        assertEquals(1.0, RuleScores.frameAll(t, 5)[3]);
        assertEquals(46.5, t.sumB(), 1e-12);
        assertEquals(0.2, t.b(2));
        assertEquals(1.0, t.b(3));
    }

    @Test
    void tooFewWindowsCannotFire() {
        BehaviourTrace t = new BehaviourTrace("p", 3, 3, new int[] {0}, new double[] {0.1}, Double.NaN, Double.NaN);
        double[] s = RuleScores.frameAll(t, 20);
        assertEquals(0.1, s[0]);
        assertEquals(1.0, s[2]);
        assertTrue(Double.isNaN(s[3]));
    }
}
