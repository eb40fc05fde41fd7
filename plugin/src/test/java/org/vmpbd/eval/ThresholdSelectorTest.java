package org.vmpbd.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThresholdSelectorTest {
    private static final double NAN = Double.NaN;

    @Test
    void epsilonIsTheSmallestNormalScoreAtTargetZero() {
        ThresholdSelector.Choice c = ThresholdSelector.epsilon(new double[] {0.8, 0.4, 1.0, NAN, 0.6}, 0.0);
        assertEquals(0.4, c.value());
        assertEquals(0, c.falseAlarms());
        assertEquals(5, c.normals());
        assertTrue(c.targetMet());
    }

    @Test
    void allowedFalseAlarmsMoveEpsilonUp() {
        double[] scores = new double[100];
        for (int i = 0; i < 100; i++) {
            scores[i] = (i + 1) / 200.0;
        }
        // 2 allowed: the third smallest score, 0.015; the two below it alarm
        ThresholdSelector.Choice c = ThresholdSelector.epsilon(scores, 0.02);
        assertEquals(0.015, c.value(), 1e-12);
        assertEquals(2, c.falseAlarms());
        assertEquals(0.02, c.fpr(), 1e-12);
    }

    @Test
    void epsilonIsCappedAtOne() {
        ThresholdSelector.Choice c = ThresholdSelector.epsilon(new double[] {1.0, NAN, 1.0}, 0.0);
        assertEquals(1.0, c.value());
        assertTrue(c.targetMet());
        assertEquals(1.0, ThresholdSelector.epsilon(new double[] {0.2, NAN}, 0.5).value());
    }

    @Test
    void zeroScoreCannotBeMet() {
        ThresholdSelector.Choice c = ThresholdSelector.epsilon(new double[] {0.0, 0.5}, 0.0);
        assertEquals(Double.MIN_VALUE, c.value());
        assertEquals(1, c.falseAlarms());
        assertFalse(c.targetMet());
    }

    @Test
    void lfcThresholdIsTheSmallestWithinTarget() {
        ThresholdSelector.Choice c = ThresholdSelector.lfcThreshold(new int[] {0, 0, 3, 5, 1}, 20, 0.0);
        assertEquals(6, c.value());
        assertEquals(0, c.falseAlarms());
        ThresholdSelector.Choice one = ThresholdSelector.lfcThreshold(new int[] {0, 0, 3, 5, 1}, 20, 0.2);
        assertEquals(4, one.value());
        assertEquals(1, one.falseAlarms());
        assertEquals(1, ThresholdSelector.lfcThreshold(new int[] {0, 0}, 20, 0.0).value());
    }

    @Test
    void lfcTargetUnreachable() {
        ThresholdSelector.Choice c = ThresholdSelector.lfcThreshold(new int[] {20, 0}, 20, 0.0);
        assertEquals(20, c.value());
        assertFalse(c.targetMet());
    }

    @Test
    void frameRuleTakesTheSmallestRReachingTheFloor() {
        double[][] inner = {
            {0.2, 0.6, 0.9, 1.0},
            {0.5, 0.8, 0.95, 1.0},
            {0.7, 0.75, 0.8, NAN},
        };
        FrameRuleSelection.Selection s = FrameRuleSelection.select(inner, 4, 0.0, 0.7, 0);
        assertEquals(3, s.r());
        assertEquals(0.8, s.choice().value());
        assertEquals(4, s.candidates().size());
        assertEquals(0.2, s.candidates().get(0).choice().value());
        FrameRuleSelection.Selection top = FrameRuleSelection.select(inner, 4, 0.0, 1.0, 0);
        assertEquals(4, top.r());
        assertEquals(2, FrameRuleSelection.select(inner, 4, 0.0, 0.7, 2).r());
    }

    @Test
    void badTarget() {
        assertThrows(IllegalArgumentException.class, () -> ThresholdSelector.epsilon(new double[] {1}, 1.0));
        assertThrows(IllegalArgumentException.class, () -> ThresholdSelector.epsilon(new double[] {1}, -0.1));
    }
}
