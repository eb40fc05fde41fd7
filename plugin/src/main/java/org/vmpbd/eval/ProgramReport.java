package org.vmpbd.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds the per-experiment report (report.md / report.html) from a {@link ProgramResult}. */
public final class ProgramReport {
    public static final String ROC_PNG = "roc.png";
    public static final String BEHAVIOUR_PNG = "behaviour.png";

    private ProgramReport() {
    }

    public static ReportDocument build(ProgramResult r, boolean behaviourPlotted) {
        DataInfo d = r.data();
        SplitInfo s = r.split();
        EvaluationOptions o = r.options();
        ReportDocument doc = new ReportDocument(d.name() + ": vmpbd beside stide");

        doc.h(1, "Data and split");
        doc.bullets(List.of(
            "Folder `" + d.folder() + "`, ABI `" + d.abi() + "`.",
            "Normal: " + d.normalProcesses() + " processes, " + n(d.normalCalls()) + " calls, from "
                + String.join(", ", d.normalDirs().stream().map(x -> "`" + x + "`").toList()) + ".",
            "Intrusion: " + d.intrusionProcesses() + " processes, " + n(d.intrusionCalls()) + " calls, from `"
                + d.intrusionDir() + "`, grouped into " + d.intrusions() + (d.intrusions() == 1 ? " intrusion" : " intrusions")
                + " (" + d.groupingNote() + ").",
            "Split of the normal processes: seed " + s.seed() + ", train ratio " + s.trainRatio() + " (seeded "
                + "Fisher-Yates shuffle, first round(ratio x n) train): **" + s.train() + " train** (" + n(s.trainCalls())
                + " calls), **" + s.test() + " test** (" + n(s.testCalls()) + " calls)."
                + (s.note().isEmpty() ? "" : " " + s.note() + "."),
            "Test side: the " + s.test() + " held-out normal processes and all " + d.intrusionProcesses()
                + " intrusion processes. Processes shorter than M = " + o.m() + " have no window and never alarm: "
                + d.shortNormalTest() + " normal test, " + d.shortIntrusion() + " intrusion.",
            "Model: M = " + o.m() + ", IDF `" + o.idf().name().toLowerCase(Locale.ROOT) + "`, similarity index SUBSET "
                + "(exact). stide: k = " + o.stideK() + ", locality frame " + o.frame() + ", trained on the same "
                + s.train() + " processes."));

        doc.h(1, "Detection on the test side (the paper's table 2 measure, and per intrusion)");
        List<List<String>> rows = new ArrayList<>();
        for (DetectorResult x : r.detectors()) {
            rows.add(List.of(x.label(), x.setting(), rate(x.truePositives(), x.intrusionProcesses()),
                rate(x.falsePositives(), x.normalProcesses()), x.intrusionsDetected() + " / " + x.intrusions().size(),
                Charts.auc(x.roc().auc()), rate(x.inner().falseAlarms(), x.inner().normals()),
                x.cannotFire() ? "**cannot fire on these intrusions**: " + x.note() : x.note()));
        }
        rows.add(List.of("vmpbd mean score (no rule)", "ROC only", "", "", "", Charts.auc(r.meanRoc().auc()), "",
            "mean of 1 - b_k per process"));
        doc.table(List.of("detector", "setting (chosen on the training side)", "per-process TPR", "per-process FPR",
            "intrusions detected", "AUC", "inner FPR (target " + o.targetFpr() + ")", "note"), rows);
        doc.p(Verdict.of(r).text());

        doc.h(2, "Per intrusion");
        List<List<String>> irows = new ArrayList<>();
        DetectorResult st = r.detector(ProgramEvaluator.STIDE);
        DetectorResult fr = r.detector(ProgramEvaluator.FRAME);
        DetectorResult co = r.detector(ProgramEvaluator.CONSECUTIVE);
        for (int i = 0; i < st.intrusions().size(); i++) {
            IntrusionOutcome a = st.intrusions().get(i);
            irows.add(List.of(a.name(), String.valueOf(a.processes()), alarmed(a), alarmed(fr.intrusions().get(i)),
                alarmed(co.intrusions().get(i))));
        }
        doc.table(List.of("intrusion", "processes", "stide: alarmed", fr.label() + ": alarmed",
            co.label() + ": alarmed"), irows);
        doc.p("An intrusion is detected if any of its processes alarms. Grouping: " + d.groupingNote() + ".");

        doc.h(1, "ROC over the threshold, with AUC");
        doc.image(ROC_PNG, d.name() + " ROC");
        doc.p("vmpbd: each process's score is its alarm rule's own score (`ProcessVerdict.ruleScore()`: the "
            + "epsilon above which it alarms), so one scoring pass gives the whole ROC over epsilon in (0, 1]; "
            + "the frame rule at the chosen r. stide: the locality frame count (LFC) swept over thresholds 1.."
            + o.frame() + ". The dashed curve is vmpbd's `mean` score (mean of 1 - b_k). Processes that cannot alarm "
            + "at any threshold (rule score 1 or NaN; LFC 0) are tied at the end of each curve, which closes with a "
            + "straight segment to (1, 1); AUC is by the trapezoid rule over the whole curve, i.e. the probability "
            + "that an intrusion process outscores a normal one, ties counting one half. Diamonds: the chosen "
            + "operating points.");

        doc.h(1, "Average similarity per window length (the paper's table 1)");
        List<List<String>> srows = new ArrayList<>();
        for (SimilarityRow x : r.similarity()) {
            srows.add(List.of(String.valueOf(x.m()), n(x.libraryRows()), n(x.normalWindows()), f(x.normalMean()),
                f(x.normalProcessMean()), n(x.intrusionWindows()), f(x.intrusionMean()), f(x.intrusionProcessMean())));
        }
        doc.table(List.of("M", "library windows", "normal test windows", "normal mean b_k",
            "normal mean of process means", "intrusion windows", "intrusion mean b_k", "intrusion mean of process means"),
            srows);
        int cut = r.similarity().stream().mapToInt(SimilarityRow::truncatedProcesses).max().orElse(0);
        doc.p("Each M has its own model trained on the same training processes. Mean b_k pooled over all windows, "
            + "and the mean of per-process means (a long process dominates the pooled mean)."
            + (cut == 0 ? "" : " " + cut + " test process(es) longer than " + n(o.similarityWindows()) + " windows count "
            + "only their first " + n(o.similarityWindows()) + " windows in this table (option "
            + "`--similarity-max-windows`; scoring is streaming, so these are exactly the b_k of those windows); "
            + "the detection results above use every window."));

        doc.h(1, "Behaviour traces (the paper's figures 6 and 7)");
        if (behaviourPlotted) {
            doc.image(BEHAVIOUR_PNG, d.name() + " behaviour traces");
        }
        List<String> plotNotes = new ArrayList<>();
        for (BehaviourPlot p : r.plots()) {
            plotNotes.add(p.role() + ": `" + p.processId() + "`, " + n(p.windows()) + " windows, " + n(p.misses())
                + " outside the library (" + p.why() + ").");
        }
        plotNotes.add("b_k = 1 for a window in the library; otherwise the best similarity to any library window. The "
            + "dashed line is the frame rule's chosen epsilon. Long traces are drawn as the minimum b_k per bucket.");
        doc.bullets(plotNotes);

        StorageTiming t = r.storage();
        doc.h(1, "Library storage and detection time per index (the paper's table 4)");
        doc.p("Library: " + n(t.libraryRows()) + " distinct windows of M = " + o.m() + "; CSR " + n(t.csrBytes())
            + " bytes against " + n(t.denseBytes()) + " bytes dense (|L| x M n at one byte per cell, "
            + String.format(Locale.ROOT, "%.1f", (double) t.denseBytes() / Math.max(1, t.csrBytes())) + "x).");
        List<List<String>> trows = new ArrayList<>();
        for (StorageTiming.IndexTiming x : t.indexes()) {
            trows.add(List.of(x.index(), n(x.indexBytes()), String.format(Locale.ROOT, "%.3f", x.buildSeconds()),
                String.format(Locale.ROOT, "%.3f", x.scoreSeconds()), f2(x.microsPerWindow()), f2(x.microsPerMiss()),
                x.identical() ? "yes" : "**no**"));
        }
        doc.table(List.of("index", "index bytes (beyond CSR)", "build s", "detection s (timing subset)",
            "us per window", "us per window outside the library", "same b_k as SUBSET"), trows);
        doc.bullets(List.of(
            "Timing subset: " + t.subsetNote() + "; " + n(t.subsetWindows()) + " windows, " + n(t.subsetMisses())
                + " outside the library (only those reach the index; a window in the library is one hash lookup). "
                + "One thread, wall time, each index timed on a second pass over the subset after an untimed first "
                + "pass (JIT warm-up, and SUBSET's tables built on first use). The machine is shared, so small times "
                + "are noisy.",
            "Whole test side with SUBSET on " + t.fullTestThreads() + " thread(s): "
                + String.format(Locale.ROOT, "%.2f", t.fullTestSeconds()) + " s for " + n(t.fullTestWindows())
                + " windows; SUBSET then held " + n(t.fullTestIndexBytes()) + " bytes of projection tables (built on "
                + "first use)."));

        doc.h(1, "How the settings were chosen (training side only)");
        doc.bullets(List.of(
            "Inner " + s.folds() + "-fold over the " + s.train() + " training processes (seed " + s.foldSeed()
                + ", processes of at least M calls dealt first; fold sizes " + s.foldSizes() + "): each fold is "
                + "scored by a model and a stide database built on the other folds. Target per-process FPR on "
                + "these scores: " + o.targetFpr() + " (allowed false alarms = floor(target x n)).",
            "vmpbd epsilon: " + ProgramEvaluator.EPSILON_RULE + ".",
            "vmpbd frame rule r: " + r.frameSelection() + " (" + FrameRuleSelection.RULE + ").",
            "vmpbd consecutive rule: run length fixed at the paper's 3M = " + o.runLength() + ".",
            "stide: " + st.selection() + ".",
            "Then a model and a stide database on all training processes score the test side once."));
        List<List<String>> crows = new ArrayList<>();
        for (FrameRuleSelection.Candidate c : r.frameCandidates()) {
            crows.add(List.of(String.valueOf(c.r()), ProgramEvaluator.fmt(c.choice().value()),
                c.choice().falseAlarms() + " / " + c.choice().normals(), c.r() == fr.count() ? "chosen" : ""));
        }
        doc.table(List.of("frame r", "largest epsilon within the target", "inner false alarms", ""), crows);
        doc.p("Reproduce: see the command in `../summary.md`. Machine-readable results: `results.json`. "
            + String.format(Locale.ROOT, "Evaluation time %.1f s (reading excluded).", r.seconds()));
        return doc;
    }

    private static String alarmed(IntrusionOutcome a) {
        return a.alarmed() + " / " + a.processes() + (a.detected() ? " (detected)" : " (missed)");
    }

    static String rate(int a, int b) {
        if (b == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f%% (%d/%d)", 100.0 * a / b, a, b);
    }

    static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    static String f(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String f2(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }
}
