package org.vmpbd.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Picks the processes of the behaviour-trace figure (the paper's figures 6 and 7). */
final class BehaviourPlots {
    private BehaviourPlots() {
    }

    static List<ProgramEvaluator.PlotTrace> choose(List<BehaviourTrace> normal, List<BehaviourTrace> intrusion) {
        List<ProgramEvaluator.PlotTrace> out = new ArrayList<>();
        List<BehaviourTrace> scoredNormal = normal.stream().filter(t -> t.windows() > 0)
            .sorted(Comparator.comparingInt(BehaviourTrace::misses).thenComparing(BehaviourTrace::processId)).toList();
        if (!scoredNormal.isEmpty()) {
            BehaviourTrace typical = scoredNormal.get((scoredNormal.size() - 1) / 2);
            out.add(plot("typical normal", typical, "the normal test process with the median number of windows "
                + "outside the library"));
            BehaviourTrace worst = scoredNormal.stream().max(Comparator.comparingInt(BehaviourTrace::misses)
                .thenComparing(BehaviourTrace::windows, Comparator.reverseOrder())).orElseThrow();
            if (worst != typical) {
                out.add(plot("worst normal", worst, "the normal test process with the most windows outside the library"));
            }
        }
        intrusion.stream().filter(t -> t.windows() > 0).max(Comparator.comparingInt(BehaviourTrace::misses)
                .thenComparing(BehaviourTrace::windows, Comparator.reverseOrder()))
            .ifPresent(t -> out.add(plot("intrusion", t, "the intrusion process with the most windows outside the library")));
        return out;
    }

    private static ProgramEvaluator.PlotTrace plot(String role, BehaviourTrace t, String why) {
        return new ProgramEvaluator.PlotTrace(new BehaviourPlot(role, t.processId(), t.windows(), t.misses(), why), t);
    }

}
