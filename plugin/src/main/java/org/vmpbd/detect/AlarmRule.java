package org.vmpbd.detect;

/**
 * When a process's behaviour trace {@code b_1, b_2, ...} raises an alarm: a named option
 * ({@link ConsecutiveRule} is the paper's, {@link FrameRule} is stide's locality frame).
 */
public interface AlarmRule {
    /** Short name with parameters, e.g. {@code consecutive(18)} or {@code frame(4/20)}. */
    String describe();

    /** Fresh per-process state; bounded memory. */
    Tracker start(String processId, double epsilon);

    /** Per-process state of a rule. Not thread-safe: one per process. */
    interface Tracker {
        /**
         * Observes window {@code k}. {@code window} is only read during the call, and only when
         * {@code b < epsilon} (callers may pass a stale array for exact hits, which score 1).
         *
         * @return an alarm if the rule fires at this window, else null
         */
        Alarm observe(long k, int[] window, double b);

        /**
         * Observes windows {@code first..last} (inclusive, {@code first <= last}), every one an
         * exact hit ({@code b = 1}): afterwards the state is exactly as if each had been passed to
         * {@link #observe} in turn with {@code b = 1}. An exact hit never raises an alarm under
         * either rule ({@code 1 >= epsilon} ends a consecutive run and adds nothing to a frame), so
         * nothing is returned; the work is O(1) per call or bounded by the rule's frame, not by the
         * number of windows.
         */
        void observeHits(long first, long last);

        /**
         * The rule's own per-process score: the epsilon above which this process alarms (lower is
         * more anomalous), or {@code NaN} when the process had too few windows for the rule to
         * ever fire.
         */
        double score();
    }

    /** Parses {@code consecutive}, {@code consecutive:R}, {@code frame} or {@code frame:r/L}. */
    static AlarmRule parse(String spec, int m) {
        String s = spec.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (s.equals("consecutive")) {
                return new ConsecutiveRule(3 * m);
            }
            if (s.startsWith("consecutive:")) {
                return new ConsecutiveRule(Integer.parseInt(s.substring("consecutive:".length())));
            }
            if (s.equals("frame")) {
                return new FrameRule(FrameRule.DEFAULT_THRESHOLD, FrameRule.DEFAULT_FRAME);
            }
            if (s.startsWith("frame:")) {
                String[] p = s.substring("frame:".length()).split("/");
                if (p.length != 2) {
                    throw new IllegalArgumentException("frame rule needs r/L, e.g. frame:4/20");
                }
                return new FrameRule(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("alarm rule '" + spec + "': not a number in it", e);
        }
        throw new IllegalArgumentException("unknown alarm rule '" + spec
            + "': use consecutive, consecutive:R, frame or frame:r/L");
    }
}
