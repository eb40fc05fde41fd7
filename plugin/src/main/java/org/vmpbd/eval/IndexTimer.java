package org.vmpbd.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.vmpbd.detect.ConsecutiveRule;
import org.vmpbd.detect.DetectionModel;
import org.vmpbd.detect.Detector;
import org.vmpbd.detect.IndexKind;
import org.vmpbd.detect.trace.ProcessTrace;

/**
 * Library storage and detection time per index (the paper's table 4): every index scores the same
 * fixed, seeded subset of the test side on one thread, and its behaviour traces are compared with
 * the main pass's.
 */
final class IndexTimer {
    private IndexTimer() {
    }

    static StorageTiming measure(String name, EvaluationOptions o, DetectionModel model, Detector mainDetector,
                                  List<ProcessTrace> testAll, List<BehaviourTrace> scored, double fullSeconds,
                                  ProgressSink progress) {
        progress.stage(name + ": timing every index on a fixed subset");
        List<Integer> order = SeededSplit.shuffled(range(testAll.size()), o.seed() + 2);
        List<Integer> chosen = new ArrayList<>();
        long total = 0;
        for (int i : order) {
            int w = scored.get(i).windows();
            if (total + w <= o.timingWindows()) {
                chosen.add(i);
                total += w;
            }
        }
        if (chosen.isEmpty()) {
            int smallest = order.stream().min(Comparator.comparingInt(i -> scored.get(i).windows())).orElseThrow();
            chosen.add(smallest);
            total = scored.get(smallest).windows();
        }
        chosen.sort(null);
        long misses = chosen.stream().mapToLong(i -> scored.get(i).misses()).sum();
        String note = chosen.size() == testAll.size()
            ? "the whole test side (" + chosen.size() + " processes)"
            : chosen.size() + " of " + testAll.size() + " test processes (normal and intrusion): a seeded shuffle (seed "
              + (o.seed() + 2) + "), keeping each process that still fits under " + o.timingWindows() + " windows";
        List<StorageTiming.IndexTiming> timings = new ArrayList<>();
        try (ProgressSink.Step step = progress.steps(name + " timing", IndexKind.values().length)) {
            int done = 0;
            for (IndexKind kind : IndexKind.values()) {
                long t0 = System.nanoTime();
                Detector det = new Detector(model, kind, new ConsecutiveRule(o.runLength()), 1.0);
                double build = (System.nanoTime() - t0) / 1e9;
                boolean identical = true;
                for (int i : chosen) {
                    BehaviourTrace bt = BehaviourScorer.score(det, testAll.get(i));
                    identical &= Arrays.equals(bt.missAt(), scored.get(i).missAt())
                        && Arrays.equals(bt.missB(), scored.get(i).missB());
                }
                long t1 = System.nanoTime();
                for (int i : chosen) {
                    BehaviourScorer.score(det, testAll.get(i));
                }
                double s = (System.nanoTime() - t1) / 1e9;
                timings.add(new StorageTiming.IndexTiming(kind.name(), det.index().bytes(), build, s,
                    total == 0 ? Double.NaN : s * 1e6 / total, misses == 0 ? Double.NaN : s * 1e6 / misses, identical));
                step.accept(++done);
            }
        }
        long fullWindows = scored.stream().mapToLong(BehaviourTrace::windows).sum();
        return new StorageTiming(model.library().rows(), model.library().csrBytes(), model.library().denseBytes(),
            chosen.size(), total, misses, note, timings, fullSeconds, o.threads(), fullWindows,
            mainDetector.index().bytes());
    }

    private static List<Integer> range(int n) {
        List<Integer> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(i);
        }
        return l;
    }
}
