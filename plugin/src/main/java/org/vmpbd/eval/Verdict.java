package org.vmpbd.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The target on one experiment: with the better of vmpbd's two alarm rules, every
 * intrusion stide detects is detected, at a per-process FPR no worse than stide's on the same split.
 *
 * @param better          key of the better vmpbd rule: more intrusions detected, then higher per-process
 *                        TPR, then lower per-process FPR, then the frame rule
 * @param missedVsStide   intrusions stide detects that the better rule misses
 * @param extraVsStide    intrusions the better rule detects that stide misses
 * @param fprNoWorse      the better rule's per-process FPR is at most stide's
 * @param met             {@code missedVsStide} is empty and {@code fprNoWorse}
 */
public record Verdict(String better, String betterLabel, List<String> missedVsStide, List<String> extraVsStide,
                      boolean fprNoWorse, double vmpbdFpr, double stideFpr, boolean met) {
    public Verdict {
        missedVsStide = List.copyOf(missedVsStide);
        extraVsStide = List.copyOf(extraVsStide);
    }

    public static Verdict of(ProgramResult r) {
        DetectorResult stide = r.detector(ProgramEvaluator.STIDE);
        DetectorResult frame = r.detector(ProgramEvaluator.FRAME);
        DetectorResult cons = r.detector(ProgramEvaluator.CONSECUTIVE);
        DetectorResult b = better(frame, cons);
        List<String> missed = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        for (int i = 0; i < stide.intrusions().size(); i++) {
            boolean s = stide.intrusions().get(i).detected();
            boolean v = b.intrusions().get(i).detected();
            if (s && !v) {
                missed.add(stide.intrusions().get(i).name());
            }
            if (v && !s) {
                extra.add(stide.intrusions().get(i).name());
            }
        }
        boolean fprOk = !(b.fpr() > stide.fpr());
        return new Verdict(b.key(), b.label(), missed, extra, fprOk, b.fpr(), stide.fpr(), missed.isEmpty() && fprOk);
    }

    static DetectorResult better(DetectorResult frame, DetectorResult cons) {
        if (frame.intrusionsDetected() != cons.intrusionsDetected()) {
            return frame.intrusionsDetected() > cons.intrusionsDetected() ? frame : cons;
        }
        if (frame.truePositives() != cons.truePositives()) {
            return frame.truePositives() > cons.truePositives() ? frame : cons;
        }
        return cons.falsePositives() < frame.falsePositives() ? cons : frame;
    }

    /** One paragraph saying whether the target is met, and if not, where. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("Better vmpbd rule here: **").append(betterLabel).append("** (more intrusions detected, then "
            + "higher per-process TPR, then lower FPR). Target (every intrusion stide detects is detected, at a "
            + "per-process FPR no worse than stide's): **").append(met ? "met" : "not met").append("**");
        List<String> why = new ArrayList<>();
        if (!missedVsStide.isEmpty()) {
            why.add("misses " + String.join(", ", missedVsStide) + ", which stide detects");
        }
        if (!fprNoWorse) {
            why.add(String.format(Locale.ROOT, "per-process FPR %.2f%% against stide's %.2f%%", 100 * vmpbdFpr,
                100 * stideFpr));
        }
        if (!why.isEmpty()) {
            sb.append(": ").append(String.join("; ", why));
        }
        sb.append('.');
        if (!extraVsStide.isEmpty()) {
            sb.append(" It detects ").append(String.join(", ", extraVsStide)).append(", which stide misses.");
        }
        return sb.toString();
    }
}
