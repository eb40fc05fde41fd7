package org.vmpbd.eval;

import java.util.List;

/**
 * Everything measured on one experiment (written to results.json).
 *
 * @param detectors       stide, vmpbd frame rule, vmpbd consecutive rule
 * @param meanRoc         ROC of vmpbd's {@code mean} score (no alarm rule)
 * @param frameSelection  how the frame rule's r was chosen
 * @param frameCandidates every r's epsilon on the inner folds
 * @param plots           the processes in the behaviour-trace figure
 * @param processes       every test process
 * @param seconds         wall time of the evaluation (reading excluded)
 */
public record ProgramResult(DataInfo data, SplitInfo split, EvaluationOptions options, List<DetectorResult> detectors,
                            Roc meanRoc, String frameSelection, List<FrameRuleSelection.Candidate> frameCandidates,
                            List<SimilarityRow> similarity, StorageTiming storage, List<BehaviourPlot> plots,
                            List<ProcessOutcome> processes, double seconds) {
    public ProgramResult {
        detectors = List.copyOf(detectors);
        frameCandidates = List.copyOf(frameCandidates);
        similarity = List.copyOf(similarity);
        plots = List.copyOf(plots);
        processes = List.copyOf(processes);
    }

    public DetectorResult detector(String key) {
        return detectors.stream().filter(d -> d.key().equals(key)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no detector " + key));
    }
}
