package org.vmpbd.eval;

/**
 * Per-process alarm-rule scores computed from a {@link BehaviourTrace} without rescoring: a
 * process alarms under a rule at threshold {@code epsilon} iff its score is below {@code epsilon}
 * (NaN: the rule can never fire on it).
 */
public final class RuleScores {
    private RuleScores() {
    }

    /**
     * The frame rule's score for every {@code r} in {@code 1..frame} at once: {@code out[r-1]} is the
     * minimum over frames of the {@code r}-th smallest {@code b_k} in the frame (frames of the last
     * {@code frame} windows, shorter at the start; only frames holding at least {@code r} windows
     * count), exactly as {@link org.vmpbd.detect.FrameRule} scores. Since hits have {@code b = 1} and
     * misses {@code b < 1}, only frames ending at a miss can hold the minimum, so this costs
     * {@code O(misses x frame)}.
     */
    public static double[] frameAll(BehaviourTrace t, int frame) {
        double[] out = new double[frame];
        for (int r = 1; r <= frame; r++) {
            out[r - 1] = t.windows() >= r ? 1.0 : Double.NaN;
        }
        int[] at = t.missAt();
        double[] b = t.missB();
        // buf holds the b of the misses in the current frame, sorted ascending
        double[] buf = new double[frame];
        int c = 0;
        int lo = 0;
        for (int i = 0; i < at.length; i++) {
            while (at[lo] < at[i] - frame + 1) {
                c = remove(buf, c, b[lo]);
                lo++;
            }
            c = insert(buf, c, b[i]);
            for (int r = 1; r <= c; r++) {
                if (buf[r - 1] < out[r - 1]) {
                    out[r - 1] = buf[r - 1];
                }
            }
        }
        return out;
    }

    private static int insert(double[] buf, int c, double v) {
        int j = c;
        while (j > 0 && buf[j - 1] > v) {
            buf[j] = buf[j - 1];
            j--;
        }
        buf[j] = v;
        return c + 1;
    }

    private static int remove(double[] buf, int c, double v) {
        int j = 0;
        while (Double.compare(buf[j], v) != 0) {
            j++;
        }
        System.arraycopy(buf, j + 1, buf, j, c - j - 1);
        return c - 1;
    }

    /** The largest number of misses in any frame of {@code frame} windows (stide's LFC over {@code b < 1}). */
    public static int maxMissesInFrame(BehaviourTrace t, int frame) {
        int[] at = t.missAt();
        int lo = 0;
        int max = 0;
        for (int i = 0; i < at.length; i++) {
            while (at[lo] < at[i] - frame + 1) {
                lo++;
            }
            max = Math.max(max, i - lo + 1);
        }
        return max;
    }
}
