package org.vmpbd.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimilarityTest {

    @Test
    void identicalWindowsWithEqualWeightsAreFullySimilar() {
        int[] w = {3, 1, 4, 1, 5, 9};
        double[] a = {0.5, 0.2, 0.1, 0.2, 0.3, 0.7};
        assertEquals(1.0, Similarity.of(w, a, w, a), 1e-15);
    }

    @Test
    void muTimesOmegaOnAHandExample() {
        int[] n = {1, 2, 3};
        int[] t = {1, 2, 4};
        double[] a = {1, 2, 2};
        double[] b = {2, 1, 2};
        // J = {0,1}: mu = 2/3; omega = (1*2 + 2*1) / (3 * 3) = 4/9
        assertEquals(2.0 / 3 * 4.0 / 9, Similarity.of(n, a, t, b), 1e-15);
    }

    @Test
    void zeroNormGivesTheNamedOmega() {
        int[] w = {1, 2};
        double[] zero = {0, 0};
        double[] b = {1, 1};
        assertEquals(Similarity.ZERO_NORM_OMEGA, Similarity.of(w, zero, w, b));
    }

    @Test
    void simNeverExceedsMu() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            int m = 1 + rnd.nextInt(10);
            int[] n = new int[m];
            int[] t = new int[m];
            double[] a = new double[m];
            double[] b = new double[m];
            int agree = 0;
            for (int j = 0; j < m; j++) {
                n[j] = rnd.nextInt(3);
                t[j] = rnd.nextInt(3);
                a[j] = rnd.nextDouble();
                b[j] = rnd.nextInt(4) == 0 ? a[j] : rnd.nextDouble();
                agree += n[j] == t[j] ? 1 : 0;
            }
            double sim = Similarity.of(n, a, t, b);
            assertTrue(sim >= 0 && sim <= (double) agree / m, "Sim " + sim + " > mu " + agree + "/" + m);
        }
    }

    @Test
    void paperIdfIsZeroForUniversalCallsAndSmoothNever() {
        assertEquals(0.0, IdfVariant.PAPER.weight(10, 10));
        assertEquals(1.0, IdfVariant.SMOOTH.weight(10, 10), 1e-15);
        assertEquals(Math.log(1000) / Math.log(2), IdfVariant.SMOOTH.weight(10, 0), 1e-12);
        assertEquals(Math.log(1000) / Math.log(2), IdfVariant.PAPER.weight(10, 0), 1e-12);
        assertEquals(1.0, IdfVariant.PAPER.weight(10, 5), 1e-15);
    }
}
