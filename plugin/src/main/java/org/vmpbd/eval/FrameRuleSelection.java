package org.vmpbd.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the frame rule's {@code r} (windows below epsilon needed among the last {@code L}) and
 * its epsilon on the inner folds. For every {@code r} in {@code 1..L} the epsilon is the
 * {@link ThresholdSelector#epsilon largest one within the FPR target}; smaller {@code r} and larger
 * epsilon are both more sensitive, so there is no single "most sensitive" pair: the automatic
 * choice is the <b>smallest r whose epsilon reaches the floor</b> (windows with {@code b_k} at or
 * above the floor are never counted against a process), and if no {@code r} reaches it, the
 * {@code r} with the largest epsilon (the smallest such r on ties).
 */
public final class FrameRuleSelection {
    /** The automatic choice, in words. */
    public static final String RULE = "automatic choice: for each r in 1..L the largest epsilon within the FPR target; "
        + "the smallest r whose epsilon reaches the floor; if none does, the r with the largest epsilon";

    private FrameRuleSelection() {
    }

    /** One candidate: r, its epsilon choice on the inner folds. */
    public record Candidate(int r, ThresholdSelector.Choice choice) {
    }

    /**
     * @param r          the chosen r
     * @param choice     its epsilon
     * @param candidates every r's epsilon, r = 1..L
     * @param how        how r was chosen, in words
     */
    public record Selection(int r, ThresholdSelector.Choice choice, List<Candidate> candidates, String how) {
        public Selection {
            candidates = List.copyOf(candidates);
        }
    }

    /**
     * @param innerScores per inner normal process, the frame-rule score for r = 1..L ({@link RuleScores#frameAll})
     * @param fixedR      a fixed r, or 0 to choose
     */
    public static Selection select(double[][] innerScores, int frame, double target, double floor, int fixedR) {
        List<Candidate> candidates = new ArrayList<>(frame);
        double[] column = new double[innerScores.length];
        for (int r = 1; r <= frame; r++) {
            for (int i = 0; i < innerScores.length; i++) {
                column[i] = innerScores[i][r - 1];
            }
            candidates.add(new Candidate(r, ThresholdSelector.epsilon(column, target)));
        }
        if (fixedR > 0) {
            return new Selection(fixedR, candidates.get(fixedR - 1).choice(), candidates, "r fixed at " + fixedR);
        }
        for (Candidate c : candidates) {
            if (c.choice().value() >= floor) {
                return new Selection(c.r(), c.choice(), candidates,
                    "smallest r whose epsilon reaches the floor " + floor);
            }
        }
        Candidate best = candidates.get(0);
        for (Candidate c : candidates) {
            if (c.choice().value() > best.choice().value()) {
                best = c;
            }
        }
        return new Selection(best.r(), best.choice(), candidates,
            "no r reaches the epsilon floor " + floor + ": the r with the largest epsilon");
    }
}
