package org.vmpbd.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vmpbd.detect.ConsecutiveRule;
import org.vmpbd.detect.DetectionModel;
import org.vmpbd.detect.Detector;
import org.vmpbd.detect.FrameRule;
import org.vmpbd.detect.IndexKind;
import org.vmpbd.detect.ModelTrainer;
import org.vmpbd.detect.TrainingOptions;
import org.vmpbd.detect.trace.ProcessTrace;

/**
 * Evaluates vmpbd (both alarm rules) beside stide on one experiment:
 * <ol>
 *   <li>seeded split of the normal processes into train and test;</li>
 *   <li>inner seeded k-fold over the training processes: each fold is scored by a model (and a stide
 *       database) built on the other folds; the thresholds are chosen on these scores only
 *       ({@link ThresholdSelector}, {@link FrameRuleSelection});</li>
 *   <li>a model and a stide database on all training processes score the held-out normal
 *       processes and every intrusion process: per-process TPR/FPR, per-intrusion detection, ROC;</li>
 *   <li>the average-similarity table for each M, storage and timing per index, behaviour traces.</li>
 * </ol>
 */
public final class ProgramEvaluator {
    public static final String STIDE = "stide";
    public static final String FRAME = "vmpbd-frame";
    public static final String CONSECUTIVE = "vmpbd-consecutive";

    private final ModelTrainer trainer;

    public ProgramEvaluator(ModelTrainer trainer) {
        this.trainer = trainer;
    }

    /** A plotted process: which one and its behaviour trace. */
    public record PlotTrace(BehaviourPlot plot, BehaviourTrace trace) {
    }

    /** The result plus what the charts need. */
    public record Evaluation(ProgramResult result, List<PlotTrace> traces) {
    }

    /** Inner-fold scores of the training processes. */
    private record Inner(double[] consecutive, double[][] frame, int[] lfc, List<Integer> foldSizes) {
    }

    public Evaluation evaluate(ExperimentData data, EvaluationOptions o, ProgressSink progress) {
        long start = System.nanoTime();
        Experiment e = data.experiment();
        String name = e.name();
        int n = data.normal().isEmpty() ? 0 : data.normal().get(0).abi().size();
        if (data.normal().size() < 3) {
            throw new IllegalArgumentException(name + ": needs at least 3 normal processes (2 to train with inner "
                + "folds, 1 to test), found " + data.normal().size() + " in " + e.normalDirs());
        }
        if (data.intrusion().isEmpty()) {
            throw new IllegalArgumentException(name + ": no intrusion processes in " + e.intrusionDir());
        }
        SeededSplit.Split<ProcessTrace> split = SeededSplit.split(data.normal(), o.trainRatio(), o.seed());
        List<ProcessTrace> train = cap(split.train(), o.maxTrainProcesses());
        List<ProcessTrace> test = cap(split.test(), o.maxTestProcesses());
        long usable = train.stream().filter(t -> t.length() >= Math.max(o.m(), o.stideK())).count();
        if (usable < 2) {
            throw new IllegalArgumentException(name + ": the inner folds need at least 2 training processes of at "
                + "least M calls, got " + usable + " of " + train.size() + " (raise the train ratio or the cap)");
        }
        int k = (int) Math.min(o.folds(), usable);
        long foldSeed = o.seed() + 1;
        BehaviourScorer scorer = new BehaviourScorer(o.threads());

        Inner inner = inner(name, train, k, foldSeed, n, o, scorer, progress);
        ThresholdSelector.Choice consChoice = ThresholdSelector.epsilon(inner.consecutive(), o.targetFpr());
        FrameRuleSelection.Selection frameSel = FrameRuleSelection.select(inner.frame(), o.frame(), o.targetFpr(),
            o.minFrameEpsilon(), o.frameThreshold());
        ThresholdSelector.Choice stideChoice = ThresholdSelector.lfcThreshold(inner.lfc(), o.frame(), o.targetFpr());

        progress.stage(name + ": final model on " + train.size() + " training processes; scoring " + test.size()
            + " normal test and " + data.intrusion().size() + " intrusion processes");
        DetectionModel model = trainer.train(train, trainingOptions(o, o.m(), name));
        Detector detector = new Detector(model, IndexKind.SUBSET, new ConsecutiveRule(o.runLength()), 1.0);
        List<ProcessTrace> testAll = new ArrayList<>(test);
        testAll.addAll(data.intrusion());
        long scoreStart = System.nanoTime();
        List<BehaviourTrace> scored;
        try (ProgressSink.Step step = progress.steps(name + " test M=" + o.m(), testAll.size())) {
            scored = scorer.scoreAll(detector, testAll, step);
        }
        double fullSeconds = (System.nanoTime() - scoreStart) / 1e9;
        List<BehaviourTrace> normalBt = scored.subList(0, test.size());
        List<BehaviourTrace> intrBt = scored.subList(test.size(), scored.size());
        Stide stide = Stide.train(train, o.stideK(), o.frame(), n);
        List<Stide.Result> stideN = test.stream().map(stide::score).toList();
        List<Stide.Result> stideI = data.intrusion().stream().map(stide::score).toList();

        int r = frameSel.r();
        double epsF = frameSel.choice().value();
        double epsC = consChoice.value();
        int tau = (int) stideChoice.value();
        double[] frameN = frameScores(normalBt, r, o);
        double[] frameI = frameScores(intrBt, r, o);
        double[] consN = normalBt.stream().mapToDouble(BehaviourTrace::consecutive).toArray();
        double[] consI = intrBt.stream().mapToDouble(BehaviourTrace::consecutive).toArray();
        double[] lfcN = stideN.stream().mapToDouble(s -> s.lfc()).toArray();
        double[] lfcI = stideI.stream().mapToDouble(s -> s.lfc()).toArray();

        Map<String, List<Integer>> groups = data.intrusions();
        List<DetectorResult> detectors = List.of(
            DetectorResults.stideResult(o, stideChoice, tau, lfcN, lfcI, groups, stide.size()),
            DetectorResults.vmpbdResult(FRAME, "vmpbd frame(" + r + "/" + o.frame() + ")",
                "epsilon = " + fmt(epsF) + ", r = " + r + " of " + o.frame(), epsF, r, frameSel.choice(),
                frameSel.how() + "; epsilon: " + EPSILON_RULE, frameN, frameI, groups,
                "no intrusion process has " + r + " windows outside the library within any frame of " + o.frame()
                    + " windows, so the frame rule cannot fire on these intrusions at any epsilon <= 1"),
            DetectorResults.vmpbdResult(CONSECUTIVE, "vmpbd consecutive(" + o.runLength() + ")",
                "epsilon = " + fmt(epsC) + ", run of " + o.runLength() + " = 3M", epsC, o.runLength(), consChoice,
                "run length fixed at the paper's 3M; epsilon: " + EPSILON_RULE, consN, consI, groups,
                "no intrusion process has " + o.runLength() + " consecutive windows outside the library (3M = "
                    + o.runLength() + "), so the consecutive rule cannot fire on these intrusions at any epsilon <= 1"));

        Roc meanRoc = Roc.of(intrBt.stream().mapToDouble(BehaviourTrace::meanScore).toArray(),
            normalBt.stream().mapToDouble(BehaviourTrace::meanScore).toArray());

        List<SimilarityRow> similarity = new SimilarityTable(trainer).build(name, o, train, test, data.intrusion(),
            model, normalBt, intrBt, scorer, progress);
        StorageTiming storage = IndexTimer.measure(name, o, model, detector, testAll, scored, fullSeconds, progress);
        List<PlotTrace> plots = BehaviourPlots.choose(normalBt, intrBt);

        List<ProcessOutcome> outcomes = new ArrayList<>();
        String[] groupOf = new String[data.intrusion().size()];
        groups.forEach((g, members) -> members.forEach(i -> groupOf[i] = g));
        for (int i = 0; i < test.size(); i++) {
            outcomes.add(outcome(normalBt.get(i), "normal", null, frameN[i], epsF, epsC, stideN.get(i), tau));
        }
        for (int i = 0; i < intrBt.size(); i++) {
            outcomes.add(outcome(intrBt.get(i), "intrusion", groupOf[i], frameI[i], epsF, epsC, stideI.get(i), tau));
        }

        DataInfo info = new DataInfo(name, e.folder().toString(), e.abi(),
            e.normalDirs().stream().map(Object::toString).toList(), e.intrusionDir().toString(), e.grouping().name(),
            e.groupingNote(), data.normal().size(), ExperimentData.calls(data.normal()), data.intrusion().size(),
            ExperimentData.calls(data.intrusion()), groups.size(),
            (int) normalBt.stream().filter(b -> b.windows() == 0).count(),
            (int) intrBt.stream().filter(b -> b.windows() == 0).count());
        String note = capNote(split, train, test, o);
        SplitInfo splitInfo = new SplitInfo(o.seed(), o.trainRatio(), data.normal().size(), split.train().size(),
            train.size(), split.test().size(), test.size(), ExperimentData.calls(train), ExperimentData.calls(test), k,
            foldSeed, inner.foldSizes(), note);
        ProgramResult result = new ProgramResult(info, splitInfo, o, detectors, meanRoc, frameSel.how(),
            frameSel.candidates(), similarity, storage, plots.stream().map(PlotTrace::plot).toList(), outcomes,
            (System.nanoTime() - start) / 1e9);
        return new Evaluation(result, plots);
    }

    /** The epsilon selection rule, in words. */
    public static final String EPSILON_RULE = "the largest epsilon in (0, 1] whose per-process FPR on the inner folds "
        + "is at most the target (a process alarms iff its rule score is below epsilon)";

    private Inner inner(String name, List<ProcessTrace> train, int k, long foldSeed, int n, EvaluationOptions o,
                        BehaviourScorer scorer, ProgressSink progress) {
        progress.stage(name + ": inner " + k + "-fold selection over " + train.size() + " training processes");
        int longEnough = Math.max(o.m(), o.stideK());
        List<List<ProcessTrace>> folds = SeededSplit.folds(train, k, foldSeed, t -> t.length() >= longEnough);
        int total = train.size();
        double[] cons = new double[total];
        double[][] frame = new double[total][];
        int[] lfc = new int[total];
        List<Integer> sizes = new ArrayList<>();
        int done = 0;
        try (ProgressSink.Step step = progress.steps(name + " inner folds", total)) {
            for (int f = 0; f < k; f++) {
                List<ProcessTrace> fit = new ArrayList<>();
                for (int g = 0; g < k; g++) {
                    if (g != f) {
                        fit.addAll(folds.get(g));
                    }
                }
                List<ProcessTrace> held = folds.get(f);
                sizes.add(held.size());
                DetectionModel model = trainer.train(fit, trainingOptions(o, o.m(), name + " inner fold " + f));
                Detector det = new Detector(model, IndexKind.SUBSET, new ConsecutiveRule(o.runLength()), 1.0);
                int base = done;
                List<BehaviourTrace> bt = scorer.scoreAll(det, held, d -> step.accept(base + d));
                Stide st = Stide.train(fit, o.stideK(), o.frame(), n);
                for (int i = 0; i < held.size(); i++) {
                    cons[done] = bt.get(i).consecutive();
                    frame[done] = RuleScores.frameAll(bt.get(i), o.frame());
                    lfc[done] = st.score(held.get(i)).lfc();
                    done++;
                }
            }
        }
        return new Inner(cons, frame, lfc, sizes);
    }

    /** Processes up to this many windows have their frame score cross-checked against the engine's tracker. */
    static final int CROSS_CHECK_WINDOWS = 1_000_000;

    /**
     * Frame-rule scores at r, by {@link RuleScores#frameAll}, each (up to {@link #CROSS_CHECK_WINDOWS}
     * windows) checked against the engine's own {@link FrameRule} tracker replayed over the behaviour trace.
     */
    private static double[] frameScores(List<BehaviourTrace> traces, int r, EvaluationOptions o) {
        double[] out = new double[traces.size()];
        FrameRule rule = new FrameRule(r, o.frame());
        for (int i = 0; i < out.length; i++) {
            BehaviourTrace t = traces.get(i);
            out[i] = RuleScores.frameAll(t, o.frame())[r - 1];
            if (t.windows() > CROSS_CHECK_WINDOWS) {
                continue;
            }
            double engine = t.replay(rule, 1.0, o.m(), null).score();
            if (Double.compare(engine, out[i]) != 0) {
                throw new IllegalStateException("frame rule score of " + t.processId() + ": evaluation computed "
                    + out[i] + " but the engine's FrameRule tracker " + engine);
            }
        }
        return out;
    }

    private static ProcessOutcome outcome(BehaviourTrace b, String side, String group, double frame, double epsF,
                                          double epsC, Stide.Result s, int tau) {
        return new ProcessOutcome(b.processId(), side, group, b.calls(), b.windows(), b.misses(), b.meanScore(), frame,
            b.consecutive(), s.lfc(), s.mismatches(), frame < epsF, b.consecutive() < epsC, s.lfc() >= tau);
    }

    private static String capNote(SeededSplit.Split<ProcessTrace> split, List<ProcessTrace> train,
                                  List<ProcessTrace> test, EvaluationOptions o) {
        List<String> notes = new ArrayList<>();
        if (train.size() < split.train().size()) {
            notes.add("training side subsampled to " + train.size() + " of " + split.train().size()
                + " processes (--max-train-processes; the first ones of the seeded shuffle)");
        }
        if (test.size() < split.test().size()) {
            notes.add("normal test side subsampled to " + test.size() + " of " + split.test().size()
                + " processes (--max-test-processes; the first ones of the seeded shuffle)");
        }
        return String.join("; ", notes);
    }

    static TrainingOptions trainingOptions(EvaluationOptions o, int m, String label) {
        return new TrainingOptions(m, o.idf(), null, label);
    }

    private static <T> List<T> cap(List<T> items, int max) {
        return max > 0 && items.size() > max ? items.subList(0, max) : items;
    }

    static String fmt(double eps) {
        return eps == Double.MIN_VALUE ? "4.9e-324 (smallest positive)" : String.format(Locale.ROOT, "%.4f", eps);
    }
}
