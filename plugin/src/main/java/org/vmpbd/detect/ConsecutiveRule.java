package org.vmpbd.detect;

/**
 * The paper's rule: an alarm when {@code R} consecutive windows (default {@code 3 M}) all have
 * {@code b_k < epsilon}. One alarm per run; a window at or above epsilon ends the run. Score: the
 * minimum over all runs of {@code R} consecutive windows of the largest {@code b_k} in the run.
 */
public final class ConsecutiveRule implements AlarmRule {
    private final int runLength;

    public ConsecutiveRule(int runLength) {
        if (runLength < 1) {
            throw new IllegalArgumentException("consecutive rule: run length must be >= 1, got " + runLength);
        }
        this.runLength = runLength;
    }

    public int runLength() {
        return runLength;
    }

    @Override
    public String describe() {
        return "consecutive(" + runLength + ")";
    }

    @Override
    public Tracker start(String processId, double epsilon) {
        return new RunTracker(processId, epsilon);
    }

    private final class RunTracker implements Tracker {
        private final String processId;
        private final double epsilon;
        // allocated at the first miss: a process whose windows are all exact hits never needs them
        private WindowRing run;
        private SlidingExtreme missMax;
        private long lastHit = Long.MIN_VALUE / 2;
        private long lastMiss = Long.MIN_VALUE / 2;
        private double score = Double.NaN;
        private boolean fired;
        private boolean scored;

        RunTracker(String processId, double epsilon) {
            this.processId = processId;
            this.epsilon = epsilon;
        }

        @Override
        public Alarm observe(long k, int[] window, double b) {
            if (b >= 1.0) {
                observeHits(k, k);
                return null;
            }
            if (run == null) {
                run = new WindowRing(runLength);
                missMax = new SlidingExtreme(runLength);
            }
            if (lastHit > lastMiss) {
                missMax.clear();
                run.clear();
                fired = false;
            }
            lastMiss = k;
            missMax.push(k, b);
            if (k >= runLength - 1) {
                double max = k - lastHit >= runLength ? missMax.max() : 1.0;
                if (!scored || max < score) {
                    score = max;
                    scored = true;
                }
            }
            if (b >= epsilon) {
                run.clear();
                fired = false;
                return null;
            }
            run.add(k, window, b);
            if (run.size() == runLength && !fired) {
                fired = true;
                return new Alarm(processId, k, describe(), run.windows());
            }
            return null;
        }

        /**
         * Exact hits: every run through one has maximum 1. Only the last one matters (the misses
         * before it are forgotten lazily, at the next miss), and the score becomes 1 if no run was
         * complete before.
         */
        @Override
        public void observeHits(long first, long last) {
            lastHit = last;
            if (!scored && last >= runLength - 1) {
                scored = true;
                score = 1.0;
            }
        }

        @Override
        public double score() {
            return score;
        }
    }
}
