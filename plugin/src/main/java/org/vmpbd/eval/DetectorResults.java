package org.vmpbd.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Turns per-process scores at a chosen setting into a {@link DetectorResult}: rates, intrusions, ROC. */
final class DetectorResults {
    private DetectorResults() {
    }

    static DetectorResult stideResult(EvaluationOptions o, ThresholdSelector.Choice choice, int tau,
                                              double[] lfcN, double[] lfcI, Map<String, List<Integer>> groups,
                                              int databaseSize) {
        boolean[] alarmN = new boolean[lfcN.length];
        boolean[] alarmI = new boolean[lfcI.length];
        for (int i = 0; i < lfcN.length; i++) {
            alarmN[i] = lfcN[i] >= tau;
        }
        for (int i = 0; i < lfcI.length; i++) {
            alarmI[i] = lfcI[i] >= tau;
        }
        Roc roc = Roc.of(positiveOrNaN(lfcI), positiveOrNaN(lfcN));
        boolean cannot = Arrays.stream(lfcI).allMatch(v -> v < 1);
        String selection = "the smallest LFC threshold in 1.." + o.frame()
            + " whose per-process FPR on the inner folds is at most the target";
        return build(ProgramEvaluator.STIDE, "stide (k=" + o.stideK() + ", frame " + o.frame() + ")",
            "LFC >= " + tau + " of " + o.frame() + " (database " + databaseSize + " windows)", null, tau,
            "locality frame count (LFC)", choice, selection, alarmN, alarmI, groups, roc, cannot,
            cannot ? "no intrusion window is missing from stide's normal database: stide cannot fire" : "");
    }

    static DetectorResult vmpbdResult(String key, String label, String setting, double eps, int count,
                                              ThresholdSelector.Choice choice, String selection, double[] scoreN,
                                              double[] scoreI, Map<String, List<Integer>> groups,
                                              String cannotNote) {
        boolean[] alarmN = new boolean[scoreN.length];
        boolean[] alarmI = new boolean[scoreI.length];
        for (int i = 0; i < scoreN.length; i++) {
            alarmN[i] = scoreN[i] < eps;
        }
        for (int i = 0; i < scoreI.length; i++) {
            alarmI[i] = scoreI[i] < eps;
        }
        Roc roc = Roc.lowerAlarms(belowOneOrNaN(scoreI), belowOneOrNaN(scoreN));
        boolean cannot = Arrays.stream(scoreI).allMatch(v -> Double.isNaN(v) || v >= 1.0);
        String note = cannot ? cannotNote : choice.targetMet() ? ""
            : "no epsilon > 0 meets the FPR target on the inner folds";
        return build(key, label, setting, eps, count, "rule score (the epsilon above which a process alarms)", choice,
            selection, alarmN, alarmI, groups, roc, cannot, note);
    }

    private static DetectorResult build(String key, String label, String setting, Double eps, int count,
                                        String scoreName, ThresholdSelector.Choice choice, String selection,
                                        boolean[] alarmN, boolean[] alarmI, Map<String, List<Integer>> groups,
                                        Roc roc, boolean cannot, String note) {
        int fp = count(alarmN);
        int tp = count(alarmI);
        List<IntrusionOutcome> intrusions = new ArrayList<>();
        int detected = 0;
        for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            int alarmed = 0;
            for (int i : g.getValue()) {
                if (alarmI[i]) {
                    alarmed++;
                }
            }
            IntrusionOutcome out = IntrusionOutcome.of(g.getKey(), g.getValue().size(), alarmed);
            intrusions.add(out);
            if (out.detected()) {
                detected++;
            }
        }
        String fullNote = note;
        if (!choice.targetMet() && !note.contains("target")) {
            fullNote = (note.isEmpty() ? "" : note + "; ") + "the FPR target was not met on the inner folds";
        }
        return new DetectorResult(key, label, setting, eps, count, scoreName, choice, selection, tp, alarmI.length,
            fp, alarmN.length, rate(tp, alarmI.length), rate(fp, alarmN.length), detected, intrusions, roc, cannot,
            fullNote);
    }

    private static double[] positiveOrNaN(double[] v) {
        return Arrays.stream(v).map(x -> x > 0 ? x : Double.NaN).toArray();
    }

    private static double[] belowOneOrNaN(double[] v) {
        return Arrays.stream(v).map(x -> x < 1.0 ? x : Double.NaN).toArray();
    }

    private static int count(boolean[] b) {
        int c = 0;
        for (boolean x : b) {
            if (x) {
                c++;
            }
        }
        return c;
    }

    private static double rate(int a, int b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

}
