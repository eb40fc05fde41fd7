package org.vmpbd.detect;

/**
 * stide's locality frame: an alarm when at least {@code r} of the last {@code L} windows have
 * {@code b_k < epsilon}. Fires once when the count reaches {@code r}, again only after it dropped
 * below. Frames at the start of a process hold fewer than {@code L} windows. Score: the minimum over
 * frames of the {@code r}-th smallest {@code b_k} in the frame.
 */
public final class FrameRule implements AlarmRule {
    public static final int DEFAULT_THRESHOLD = 4;
    public static final int DEFAULT_FRAME = 20;

    private final int threshold;
    private final int frame;

    public FrameRule(int threshold, int frame) {
        if (frame < 1 || threshold < 1 || threshold > frame) {
            throw new IllegalArgumentException("frame rule needs 1 <= r <= L, got r=" + threshold + " L=" + frame);
        }
        this.threshold = threshold;
        this.frame = frame;
    }

    public int threshold() {
        return threshold;
    }

    public int frame() {
        return frame;
    }

    @Override
    public String describe() {
        return "frame(" + threshold + "/" + frame + ")";
    }

    @Override
    public Tracker start(String processId, double epsilon) {
        return new FrameTracker(processId, epsilon);
    }

    private final class FrameTracker implements Tracker {
        private final String processId;
        private final double epsilon;
        private final WindowRing below = new WindowRing(frame);
        private final double[] values = new double[frame];
        private final double[] sorted = new double[frame];
        private int filled;
        private int belowOne;
        private boolean firing;
        private double score = Double.NaN;

        FrameTracker(String processId, double epsilon) {
            this.processId = processId;
            this.epsilon = epsilon;
        }

        @Override
        public Alarm observe(long k, int[] window, double b) {
            int slot = (int) (k % frame);
            if (filled == frame && values[slot] < 1.0) {
                belowOne--;
            }
            values[slot] = b;
            if (b < 1.0) {
                belowOne++;
            }
            if (filled < frame) {
                filled++;
            }
            if (filled >= threshold) {
                double rth = rthSmallest();
                score = Double.isNaN(score) ? rth : Math.min(score, rth);
            }
            below.dropOlderThan(k - frame + 1);
            if (b < epsilon) {
                below.add(k, window, b);
            }
            if (below.size() >= threshold) {
                if (!firing) {
                    firing = true;
                    return new Alarm(processId, k, describe(), below.windows());
                }
            } else {
                firing = false;
            }
            return null;
        }

        private double rthSmallest() {
            if (belowOne < threshold) {
                return 1.0; // fewer than r values below 1: the r-th smallest is an exact hit's 1
            }
            System.arraycopy(values, 0, sorted, 0, filled);
            java.util.Arrays.sort(sorted, 0, filled);
            return sorted[threshold - 1];
        }

        @Override
        public double score() {
            return score;
        }
    }
}
