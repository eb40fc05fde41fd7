package org.vmpbd.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AlarmRuleTest {
    private static final int[] W = {1, 2, 3};

    private static List<Alarm> feed(AlarmRule.Tracker t, double... b) {
        List<Alarm> out = new ArrayList<>();
        for (int k = 0; k < b.length; k++) {
            Alarm a = t.observe(k, W, b[k]);
            if (a != null) {
                out.add(a);
            }
        }
        return out;
    }

    @Test
    void consecutiveFiresOnTheRthWindowBelowEpsilonInARow() {
        AlarmRule.Tracker t = new ConsecutiveRule(3).start("p", 0.5);
        assertNull(t.observe(0, W, 0.1));
        assertNull(t.observe(1, W, 0.2));
        Alarm a = t.observe(2, W, 0.3);
        assertNotNull(a);
        assertEquals(2, a.windowIndex());
        assertEquals(List.of(0L, 1L, 2L), a.windows().stream().map(AlarmWindow::index).toList());
        assertEquals(0.2, a.windows().get(1).similarity());
        assertNull(t.observe(3, W, 0.1), "one alarm per run");
    }

    @Test
    void oneWindowAtOrAboveEpsilonResetsTheRun() {
        List<Alarm> alarms = feed(new ConsecutiveRule(3).start("p", 0.5), 0.1, 0.1, 0.5, 0.1, 0.1, 1.0, 0.1);
        assertTrue(alarms.isEmpty());
    }

    @Test
    void consecutiveScoreIsTheMinOverRunsOfTheRunMaximum() {
        AlarmRule.Tracker t = new ConsecutiveRule(3).start("p", 0.5);
        feed(t, 0.9, 0.2, 0.3, 0.1, 1.0, 0.05);
        // runs of 3: max(0.9,.2,.3)=.9, max(.2,.3,.1)=.3, max(.3,.1,1)=1, max(.1,1,.05)=1
        assertEquals(0.3, t.score());
    }

    @Test
    void scoreIsNaNWhenTooFewWindows() {
        AlarmRule.Tracker t = new ConsecutiveRule(18).start("p", 0.5);
        feed(t, 0.1, 0.1);
        assertTrue(Double.isNaN(t.score()));
    }

    @Test
    void frameFiresWhenRofTheLastLAreBelowAndRearmsAfterDropping() {
        AlarmRule.Tracker t = new FrameRule(2, 4).start("p", 0.5);
        List<Alarm> alarms = feed(t, 0.1, 0.9, 0.9, 0.2, 0.9, 0.9, 0.9, 0.9, 0.1, 0.1);
        assertEquals(2, alarms.size());
        assertEquals(3, alarms.get(0).windowIndex());
        assertEquals(List.of(0L, 3L), alarms.get(0).windows().stream().map(AlarmWindow::index).toList());
        assertEquals(9, alarms.get(1).windowIndex());
    }

    @Test
    void frameDoesNotFireWhenBelowWindowsAreFartherApartThanTheFrame() {
        assertTrue(feed(new FrameRule(2, 4).start("p", 0.5), 0.1, 0.9, 0.9, 0.9, 0.1).isEmpty());
    }

    /** The rule's score is exactly the epsilon above which the process alarms. */
    @Test
    void ruleScoresAgreeWithAlarmsForEveryEpsilon() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int trial = 0; trial < 300; trial++) {
            double[] b = new double[5 + rnd.nextInt(60)];
            for (int k = 0; k < b.length; k++) {
                b[k] = rnd.nextInt(3) == 0 ? 1.0 : Math.round(rnd.nextDouble() * 20) / 20.0;
            }
            for (AlarmRule rule : List.of(new ConsecutiveRule(4), new FrameRule(3, 8))) {
                AlarmRule.Tracker probe = rule.start("p", 0.5);
                feed(probe, b);
                double score = probe.score();
                for (double eps = 0.025; eps <= 1.0; eps += 0.05) {
                    boolean alarms = !feed(rule.start("p", eps), b).isEmpty();
                    boolean expected = !Double.isNaN(score) && eps > score;
                    assertEquals(expected, alarms, rule.describe() + " eps=" + eps + " score=" + score);
                }
            }
        }
    }

    /**
     * Telling a tracker a run of exact hits at once leaves it exactly as observing them one by one:
     * the same alarms after it, the same score, for both rules, runs of any length.
     */
    @Test
    void aRunOfHitsAtOnceIsTheSameAsOneByOne() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int trial = 0; trial < 400; trial++) {
            double[] b = new double[1 + rnd.nextInt(120)];
            for (int k = 0; k < b.length; k++) {
                b[k] = rnd.nextInt(3) == 0 ? Math.round(rnd.nextDouble() * 20) / 20.0 : 1.0;
            }
            int frame = 1 + rnd.nextInt(12);
            double eps = 0.05 + rnd.nextInt(20) / 20.0;
            for (AlarmRule rule : List.of(new ConsecutiveRule(1 + rnd.nextInt(12)),
                new FrameRule(1 + rnd.nextInt(frame), frame))) {
                AlarmRule.Tracker oneByOne = rule.start("p", eps);
                AlarmRule.Tracker inRuns = rule.start("p", eps);
                List<Alarm> expected = feed(oneByOne, b);
                List<Alarm> got = new ArrayList<>();
                int k = 0;
                while (k < b.length) {
                    if (b[k] < 1.0) {
                        Alarm a = inRuns.observe(k, W, b[k]);
                        if (a != null) {
                            got.add(a);
                        }
                        k++;
                        continue;
                    }
                    int end = k;   // a random part of the run of hits that starts here
                    while (end + 1 < b.length && b[end + 1] >= 1.0 && rnd.nextInt(8) != 0) {
                        end++;
                    }
                    inRuns.observeHits(k, end);
                    k = end + 1;
                }
                String what = rule.describe() + " eps=" + eps + " b=" + java.util.Arrays.toString(b);
                assertEquals(expected, got, what);
                assertEquals(oneByOne.score(), inRuns.score(), what);
            }
        }
    }

    @Test
    void parseNamesTheRules() {
        assertEquals("consecutive(18)", AlarmRule.parse("consecutive", 6).describe());
        assertEquals("consecutive(5)", AlarmRule.parse("consecutive:5", 6).describe());
        assertEquals("frame(4/20)", AlarmRule.parse("frame", 6).describe());
        assertEquals("frame(2/10)", AlarmRule.parse("frame:2/10", 6).describe());
        assertThrows(IllegalArgumentException.class, () -> AlarmRule.parse("sometimes", 6));
        assertThrows(IllegalArgumentException.class, () -> AlarmRule.parse("frame:x/10", 6));
        assertThrows(IllegalArgumentException.class, () -> AlarmRule.parse("frame:30/10", 6));
    }
}
