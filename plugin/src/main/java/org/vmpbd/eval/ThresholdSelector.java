package org.vmpbd.eval;

import java.util.Arrays;

/**
 * Chooses a detector's threshold from the scores of normal processes only (the inner folds of the
 * training side): the most sensitive setting whose per-process false-positive rate on those
 * processes is at most {@code target}.
 * <ul>
 *   <li>vmpbd (a process alarms iff its rule score is below epsilon): the largest epsilon in
 *       {@code (0, 1]} with {@code #{score < epsilon} <= floor(target x n)}, that is the
 *       {@code (a+1)}-th smallest score with {@code a = floor(target x n)} allowed false alarms,
 *       capped at 1. NaN scores never alarm. If that score is 0 no epsilon above 0 meets the
 *       target; the smallest positive double is taken and the result says so.</li>
 *   <li>stide (a process alarms iff its LFC reaches the threshold): the smallest threshold in
 *       {@code 1..frame} with {@code #{LFC >= threshold} <= a}; if none, {@code frame}, flagged.</li>
 * </ul>
 */
public final class ThresholdSelector {
    private ThresholdSelector() {
    }

    /**
     * A chosen threshold.
     *
     * @param value      epsilon (vmpbd) or the LFC threshold (stide)
     * @param falseAlarms normal processes that alarm at {@code value}
     * @param normals    normal processes the choice was made on
     * @param targetMet  whether {@code falseAlarms <= floor(target x normals)}
     */
    public record Choice(double value, int falseAlarms, int normals, boolean targetMet) {
        public double fpr() {
            return normals == 0 ? Double.NaN : (double) falseAlarms / normals;
        }
    }

    /** Allowed false alarms among {@code n} normal processes at {@code target}. */
    public static int allowed(int n, double target) {
        if (!(target >= 0.0 && target < 1.0)) {
            throw new IllegalArgumentException("target FPR must be in [0, 1), got " + target);
        }
        return (int) Math.floor(target * n + 1e-9);
    }

    /** Largest epsilon in (0, 1] whose false alarms (scores below it) are within the target. */
    public static Choice epsilon(double[] normalScores, double target) {
        int n = normalScores.length;
        int a = allowed(n, target);
        double[] finite = Arrays.stream(normalScores).filter(s -> !Double.isNaN(s)).sorted().toArray();
        double eps = a < finite.length ? Math.min(1.0, finite[a]) : 1.0;
        boolean met = true;
        if (eps <= 0.0) {
            eps = Double.MIN_VALUE;
            met = false;
        }
        int fa = countBelow(normalScores, eps);
        return new Choice(eps, fa, n, met && fa <= a);
    }

    /** Smallest LFC threshold in 1..frame whose false alarms (LFC at or above it) are within the target. */
    public static Choice lfcThreshold(int[] normalLfc, int frame, double target) {
        int n = normalLfc.length;
        int a = allowed(n, target);
        for (int t = 1; t <= frame; t++) {
            int fa = countAtLeast(normalLfc, t);
            if (fa <= a) {
                return new Choice(t, fa, n, true);
            }
        }
        return new Choice(frame, countAtLeast(normalLfc, frame), n, false);
    }

    static int countBelow(double[] scores, double eps) {
        int c = 0;
        for (double s : scores) {
            if (s < eps) {
                c++;
            }
        }
        return c;
    }

    static int countAtLeast(int[] lfc, int t) {
        int c = 0;
        for (int v : lfc) {
            if (v >= t) {
                c++;
            }
        }
        return c;
    }
}
