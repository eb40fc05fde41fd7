package org.vmpbd.eval;

import java.util.List;

/**
 * One detector's results on the test side of one experiment.
 *
 * @param key                 {@code stide}, {@code vmpbd-frame} or {@code vmpbd-consecutive}
 * @param label               name with its rule, for tables
 * @param setting             the chosen setting in words (epsilon, r, LFC threshold)
 * @param epsilon             chosen epsilon (vmpbd), else null
 * @param count               the rule's count: frame r, consecutive run length, stide's LFC threshold
 * @param scoreName           what the ROC sweeps
 * @param inner               the threshold's choice on the inner folds (false alarms there, target met)
 * @param selection           how the setting was chosen, in words
 * @param truePositives       intrusion processes that alarmed
 * @param intrusionProcesses  intrusion processes
 * @param falsePositives      normal test processes that alarmed
 * @param normalProcesses     normal test processes
 * @param tpr                 per-process true-positive rate (the paper's table 2 measure)
 * @param fpr                 per-process false-positive rate
 * @param intrusionsDetected  intrusions with at least one alarmed process
 * @param intrusions          per intrusion
 * @param roc                 ROC over the swept score, AUC
 * @param cannotFire          no intrusion process can alarm at any setting of the swept threshold
 * @param note                why, or other remarks
 */
public record DetectorResult(String key, String label, String setting, Double epsilon, int count, String scoreName,
                             ThresholdSelector.Choice inner, String selection, int truePositives,
                             int intrusionProcesses, int falsePositives, int normalProcesses, double tpr, double fpr,
                             int intrusionsDetected, List<IntrusionOutcome> intrusions, Roc roc, boolean cannotFire,
                             String note) {
    public DetectorResult {
        intrusions = List.copyOf(intrusions);
    }
}
