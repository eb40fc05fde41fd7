package org.vmpbd.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.List;
import org.vmpbd.detect.Alarm;
import org.vmpbd.detect.AlarmWindow;
import org.vmpbd.detect.Detector;
import org.vmpbd.detect.ProcessVerdict;
import org.vmpbd.detect.abi.Abi;

/** Prints verdicts as a table (with the windows behind each first alarm) or as JSON Lines. */
final class VerdictPrinter {
    private final ObjectMapper json = new ObjectMapper();

    void print(PrintStream out, Abi abi, Detector detector, List<ProcessVerdict> verdicts, boolean all, boolean asJson) {
        if (asJson) {
            for (ProcessVerdict v : verdicts) {
                if (all || v.anomalous()) {
                    out.println(toJson(abi, v));
                }
            }
            return;
        }
        out.printf("%-9s %-48s %8s %8s %6s %7s %7s%n", "VERDICT", "PROCESS", "WINDOWS", "MISSES", "ALARMS", "MEAN", "RULE");
        int anomalous = 0;
        int unscored = 0;
        for (ProcessVerdict v : verdicts) {
            anomalous += v.anomalous() ? 1 : 0;
            unscored += v.scored() ? 0 : 1;
            if (!all && !v.anomalous()) {
                continue;
            }
            out.printf("%-9s %-48s %8d %8d %6d %7s %7s%n", label(v), clip(v.processId(), 48), v.windows(), v.misses(),
                v.alarms().size(), fmt(v.meanScore()), fmt(v.ruleScore()));
            if (v.anomalous()) {
                Alarm a = v.alarms().get(0);
                out.printf("          first alarm at window %d (%s), windows below epsilon:%n", a.windowIndex(), a.rule());
                for (AlarmWindow w : a.windows()) {
                    out.printf("            #%-6d sim=%.3f  %s%n", w.index(), w.similarity(), names(abi, w.calls()));
                }
            }
        }
        out.printf("%d processes: %d anomalous, %d normal, %d too short to score (M=%d); index %s, rule %s, epsilon %.3f%n",
            verdicts.size(), anomalous, verdicts.size() - anomalous - unscored, unscored, detector.model().m(),
            detector.index().kind().name().toLowerCase(java.util.Locale.ROOT), detector.rule().describe(), detector.epsilon());
    }

    private static String label(ProcessVerdict v) {
        if (!v.scored()) {
            return "SHORT";
        }
        return v.anomalous() ? "ANOMALOUS" : "normal";
    }

    private String toJson(Abi abi, ProcessVerdict v) {
        ObjectNode o = json.createObjectNode();
        o.put("process", v.processId());
        o.put("verdict", label(v).toLowerCase(java.util.Locale.ROOT));
        o.put("calls", v.calls());
        o.put("dropped", v.dropped());
        o.put("windows", v.windows());
        o.put("misses", v.misses());
        putScore(o, "meanScore", v.meanScore());
        putScore(o, "ruleScore", v.ruleScore());
        ArrayNode alarms = o.putArray("alarms");
        for (Alarm a : v.alarms()) {
            ObjectNode an = alarms.addObject();
            an.put("window", a.windowIndex());
            an.put("rule", a.rule());
            ArrayNode ws = an.putArray("windows");
            for (AlarmWindow w : a.windows()) {
                ObjectNode wn = ws.addObject();
                wn.put("index", w.index());
                wn.put("similarity", w.similarity());
                ArrayNode calls = wn.putArray("calls");
                for (int c : w.calls()) {
                    calls.add(abi.nameOf(c));
                }
            }
        }
        return o.toString();
    }

    private static void putScore(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }

    private static String names(Abi abi, int[] calls) {
        StringBuilder sb = new StringBuilder();
        for (int c : calls) {
            sb.append(sb.length() == 0 ? "" : " ").append(abi.nameOf(c));
        }
        return sb.toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.3f", v);
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : "..." + s.substring(s.length() - n + 3);
    }
}
