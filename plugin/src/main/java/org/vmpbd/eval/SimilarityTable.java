package org.vmpbd.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vmpbd.detect.ConsecutiveRule;
import org.vmpbd.detect.DetectionModel;
import org.vmpbd.detect.Detector;
import org.vmpbd.detect.IndexKind;
import org.vmpbd.detect.ModelTrainer;
import org.vmpbd.detect.trace.ProcessTrace;

/**
 * The average-similarity table (the paper's table 1): for each window length M, a model on the
 * training processes scores the test side, and the mean {@code b_k} of normal and intrusion windows
 * is reported.
 */
final class SimilarityTable {
    private final ModelTrainer trainer;

    SimilarityTable(ModelTrainer trainer) {
        this.trainer = trainer;
    }

    List<SimilarityRow> build(String name, EvaluationOptions o, List<ProcessTrace> train,
                                           List<ProcessTrace> test, List<ProcessTrace> intrusion,
                                           DetectionModel mainModel, List<BehaviourTrace> normalMain,
                                           List<BehaviourTrace> intrMain, BehaviourScorer scorer,
                                           ProgressSink progress) {
        int cap = o.similarityWindows() == 0 ? Integer.MAX_VALUE : o.similarityWindows();
        List<SimilarityRow> rows = new ArrayList<>();
        for (int m : o.similarityMs()) {
            if (m == o.m()) {
                rows.add(row(m, mainModel.library().rows(), prefixes(normalMain, cap), prefixes(intrMain, cap),
                    truncated(normalMain, intrMain, cap)));
                continue;
            }
            progress.stage(name + ": average similarity at M=" + m);
            DetectionModel model = trainer.train(train, ProgramEvaluator.trainingOptions(o, m, name + " M=" + m));
            Detector det = new Detector(model, IndexKind.SUBSET, new ConsecutiveRule(3 * m), 1.0);
            List<ProcessTrace> all = new ArrayList<>();
            for (ProcessTrace t : test) {
                all.add(head(t, cap, m));
            }
            for (ProcessTrace t : intrusion) {
                all.add(head(t, cap, m));
            }
            List<BehaviourTrace> bt;
            try (ProgressSink.Step step = progress.steps(name + " test M=" + m, all.size())) {
                bt = scorer.scoreAll(det, all, step);
            }
            List<BehaviourTrace> n = bt.subList(0, test.size());
            List<BehaviourTrace> i = bt.subList(test.size(), bt.size());
            int cut = (int) test.stream().filter(t -> t.length() - m + 1 > cap).count()
                + (int) intrusion.stream().filter(t -> t.length() - m + 1 > cap).count();
            rows.add(row(m, model.library().rows(), n, i, cut));
        }
        return rows;
    }

    /** The first calls of {@code t} that make its first {@code maxWindows} windows (scoring is streaming). */
    private static ProcessTrace head(ProcessTrace t, int maxWindows, int m) {
        long keep = (long) maxWindows + m - 1;
        return t.length() <= keep ? t
            : new ProcessTrace(t.id(), t.abi(), Arrays.copyOf(t.calls(), (int) keep), t.source());
    }

    private static List<BehaviourTrace> prefixes(List<BehaviourTrace> traces, int cap) {
        return traces.stream().map(t -> t.prefix(cap)).toList();
    }

    private static int truncated(List<BehaviourTrace> a, List<BehaviourTrace> b, int cap) {
        return (int) (a.stream().filter(t -> t.windows() > cap).count() + b.stream().filter(t -> t.windows() > cap).count());
    }

    static SimilarityRow row(int m, int rows, List<BehaviourTrace> normal, List<BehaviourTrace> intrusion,
                             int truncated) {
        return new SimilarityRow(m, rows, windows(normal), pooledMean(normal), processMean(normal),
            windows(intrusion), pooledMean(intrusion), processMean(intrusion), truncated);
    }

    private static long windows(List<BehaviourTrace> traces) {
        return traces.stream().mapToLong(BehaviourTrace::windows).sum();
    }

    static double pooledMean(List<BehaviourTrace> traces) {
        double sum = 0;
        long w = 0;
        for (BehaviourTrace t : traces) {
            sum += t.sumB();
            w += t.windows();
        }
        return w == 0 ? Double.NaN : sum / w;
    }

    static double processMean(List<BehaviourTrace> traces) {
        double sum = 0;
        int c = 0;
        for (BehaviourTrace t : traces) {
            if (t.windows() > 0) {
                sum += t.sumB() / t.windows();
                c++;
            }
        }
        return c == 0 ? Double.NaN : sum / c;
    }

}
