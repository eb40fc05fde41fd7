package org.vmpbd.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A ROC curve from per-process anomaly scores (higher is more anomalous), with its area by the
 * trapezoid rule. A NaN score means the process cannot alarm at any setting of the swept
 * threshold; all such processes are tied below every finite score, so the curve ends with one
 * straight segment from the last threshold's point to (1, 1). The AUC therefore equals the
 * Mann-Whitney probability that an intrusion process outscores a normal one, ties counting 1/2.
 *
 * @param points    from (0, 0) to (1, 1); each inner point is the operating point at one
 *                  distinct score {@code threshold}: every process scoring at least it alarms
 *                  ({@link #lowerAlarms}: at most it, i.e. epsilon just above it)
 * @param auc       area under the curve (NaN without positives or negatives)
 * @param positives intrusion processes
 * @param negatives normal processes
 */
public record Roc(List<Point> points, double auc, int positives, int negatives) {
    public Roc {
        points = List.copyOf(points);
    }

    /** One operating point; {@code threshold} is in the anomaly-score scale (NaN at the ends). */
    public record Point(double fpr, double tpr, double threshold) {
    }

    /** Scores where lower is more anomalous (vmpbd's rule scores: alarm iff below epsilon); thresholds keep that scale. */
    public static Roc lowerAlarms(double[] positive, double[] negative) {
        Roc r = of(negate(positive), negate(negative));
        List<Point> pts = r.points().stream().map(p -> new Point(p.fpr(), p.tpr(), -p.threshold())).toList();
        return new Roc(pts, r.auc(), r.positives(), r.negatives());
    }

    private static double[] negate(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }

    /** Scores where higher is more anomalous (alarm iff at or above the threshold). */
    public static Roc of(double[] positive, double[] negative) {
        int p = positive.length;
        int n = negative.length;
        double[] pos = finiteDescending(positive);
        double[] neg = finiteDescending(negative);
        List<Point> pts = new ArrayList<>();
        pts.add(new Point(0, 0, Double.NaN));
        if (p == 0 || n == 0) {
            return new Roc(pts, Double.NaN, p, n);
        }
        int i = 0;
        int j = 0;
        while (i < pos.length || j < neg.length) {
            double t = Math.max(i < pos.length ? pos[i] : Double.NEGATIVE_INFINITY,
                j < neg.length ? neg[j] : Double.NEGATIVE_INFINITY);
            while (i < pos.length && pos[i] >= t) {
                i++;
            }
            while (j < neg.length && neg[j] >= t) {
                j++;
            }
            pts.add(new Point((double) j / n, (double) i / p, t));
        }
        Point last = pts.get(pts.size() - 1);
        if (last.fpr() < 1.0 || last.tpr() < 1.0) {
            pts.add(new Point(1, 1, Double.NaN));
        }
        double auc = 0;
        for (int k = 1; k < pts.size(); k++) {
            Point a = pts.get(k - 1);
            Point b = pts.get(k);
            auc += (b.fpr() - a.fpr()) * (a.tpr() + b.tpr()) / 2;
        }
        return new Roc(pts, auc, p, n);
    }

    private static double[] finiteDescending(double[] v) {
        double[] f = Arrays.stream(v).filter(x -> !Double.isNaN(x)).sorted().toArray();
        for (int a = 0, b = f.length - 1; a < b; a++, b--) {
            double t = f[a];
            f[a] = f[b];
            f[b] = t;
        }
        return f;
    }
}
