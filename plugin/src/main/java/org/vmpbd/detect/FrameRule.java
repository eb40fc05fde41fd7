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
            if (filled == frame) {
                double old = values[slot];
                if (old < 1.0) {
                    belowOne--;
                    removeSorted(old);
                }
            } else {
                filled++;
            }
            values[slot] = b;
            if (b < 1.0) {
                belowOne++;
                insertSorted(b);
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

        /**
         * Exact hits one by one until the frame holds only hits (every value 1, no window below
         * epsilon left): from then on a hit changes nothing (the score cannot drop to the frame's
         * r-th smallest value, which is 1, and nothing fires), so at most {@code L} are observed.
         */
        @Override
        public void observeHits(long first, long last) {
            for (long k = first; k <= last && !onlyHits(); k++) {
                observe(k, null, 1.0);
            }
        }

        private boolean onlyHits() {
            return filled == frame && belowOne == 0 && below.size() == 0;
        }

        private double rthSmallest() {
            return belowOne < threshold ? 1.0 : sorted[threshold - 1];
        }

        /** The frame's values below 1, kept sorted: {@code size} (= belowOne) of them in {@code sorted[0..size)}. */
        private int size;

        private void removeSorted(double v) {
            int i = 0;
            while (Double.compare(sorted[i], v) != 0) {
                i++;
            }
            System.arraycopy(sorted, i + 1, sorted, i, size - i - 1);
            size--;
        }

        private void insertSorted(double v) {
            int i = size;
            while (i > 0 && sorted[i - 1] > v) {
                sorted[i] = sorted[i - 1];
                i--;
            }
            sorted[i] = v;
            size++;
        }

        @Override
        public double score() {
            return score;
        }
    }
}
