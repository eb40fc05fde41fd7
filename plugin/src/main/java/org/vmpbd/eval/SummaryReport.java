package org.vmpbd.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds summary.md / summary.html: the per-program table over all experiments. */
public final class SummaryReport {
    private SummaryReport() {
    }

    public static ReportDocument build(SummaryResult s) {
        EvaluationOptions o = s.options();
        ReportDocument doc = new ReportDocument("vmpbd beside stide on the UNM system-call datasets");
        doc.p("Reproduce (from the repository root, after `mvn -q -B package -DskipTests`):");
        doc.code(s.command());
        doc.bullets(List.of(
            "Per program: seeded split of the normal processes (seed " + o.seed() + ", train ratio " + o.trainRatio()
                + "); settings chosen on the training side only by an inner " + o.folds() + "-fold (target per-process "
                + "FPR " + o.targetFpr() + "); test side = held-out normal + all intrusion processes.",
            "vmpbd: M = " + o.m() + "; frame rule = r of the last " + o.frame() + " windows below epsilon (r and "
                + "epsilon chosen); consecutive rule = " + o.runLength() + " (3M) consecutive windows below epsilon "
                + "(epsilon chosen). stide: k = " + o.stideK() + ", locality frame " + o.frame()
                + ", LFC threshold chosen the same way.",
            "Per-process TPR/FPR is the paper's table 2 measure; an intrusion is detected if any of its processes "
                + "alarms (lpr: the whole 1001-trace attack run is one intrusion; elsewhere one intrusion file is "
                + "one intrusion). AUC: ROC over the rule score (vmpbd) or the LFC (stide).",
            "A rule that **cannot fire** on a program's intrusions: no intrusion process has the rule's pattern of "
                + "windows outside the library (for the consecutive rule: " + o.runLength() + " in a row), so its "
                + "rule score is 1 or NaN and no epsilon <= 1 makes it alarm.",
            String.format(Locale.ROOT, "Total wall time %.1f s.", s.seconds())));

        doc.h(1, "Per program");
        List<List<String>> rows = new ArrayList<>();
        for (ProgramResult r : s.programs()) {
            String link = "[" + r.data().name() + "](" + r.data().name() + "/report.md)";
            for (DetectorResult d : r.detectors()) {
                rows.add(List.of(link, d.label(), d.setting(), ProgramReport.rate(d.truePositives(),
                    d.intrusionProcesses()), ProgramReport.rate(d.falsePositives(), d.normalProcesses()),
                    d.intrusionsDetected() + " / " + d.intrusions().size(), Charts.auc(d.roc().auc()),
                    d.cannotFire() ? "**rule cannot fire on these intrusions**" : d.note()));
                link = "";
            }
            rows.add(List.of("", "vmpbd mean score", "ROC only", "", "", "", Charts.auc(r.meanRoc().auc()), ""));
        }
        doc.table(List.of("program", "detector", "setting", "per-process TPR", "per-process FPR", "intrusions detected",
            "AUC", "note"), rows);

        doc.h(1, "Target: the better vmpbd rule against stide");
        List<List<String>> trows = new ArrayList<>();
        for (ProgramResult r : s.programs()) {
            Verdict v = Verdict.of(r);
            DetectorResult st = r.detector(ProgramEvaluator.STIDE);
            DetectorResult b = r.detector(v.better());
            List<String> where = new ArrayList<>();
            if (!v.missedVsStide().isEmpty()) {
                where.add("misses " + String.join(", ", v.missedVsStide()));
            }
            if (!v.fprNoWorse()) {
                where.add("higher FPR");
            }
            if (!v.extraVsStide().isEmpty()) {
                where.add("detects " + String.join(", ", v.extraVsStide()) + " (stide does not)");
            }
            trows.add(List.of(r.data().name(), b.label(), st.intrusionsDetected() + " / " + st.intrusions().size(),
                b.intrusionsDetected() + " / " + b.intrusions().size(),
                Charts.pct(b.fpr()) + " / " + Charts.pct(st.fpr()), v.met() ? "met" : "**not met**",
                String.join("; ", where)));
        }
        doc.table(List.of("program", "better vmpbd rule", "stide: intrusions", "vmpbd: intrusions",
            "per-process FPR vmpbd / stide", "target", "remarks"), trows);

        if (!s.failures().isEmpty()) {
            doc.h(1, "Not evaluated");
            List<List<String>> frows = new ArrayList<>();
            for (SummaryResult.Failure f : s.failures()) {
                frows.add(List.of(f.name(), "`" + f.folder() + "`", f.reason()));
            }
            doc.table(List.of("experiment", "folder", "reason"), frows);
        }
        return doc;
    }
}
