package org.vmpbd.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an experiment's report folder ({@code report.md}, {@code report.html}, {@code roc.png},
 * {@code behaviour.png}, {@code results.json}) and the summary ({@code summary.md},
 * {@code summary.html}, {@code summary.json}).
 */
public final class ReportWriter {
    public static final String REPORT_MD = "report.md";
    public static final String REPORT_HTML = "report.html";
    public static final String RESULTS_JSON = "results.json";
    public static final String SUMMARY_MD = "summary.md";
    public static final String SUMMARY_HTML = "summary.html";
    public static final String SUMMARY_JSON = "summary.json";

    private ReportWriter() {
    }

    /** Writes {@code <out>/<experiment>/...}; returns that folder. */
    public static Path writeProgram(ProgramEvaluator.Evaluation ev, Path out) throws IOException {
        ProgramResult r = ev.result();
        Path dir = out.resolve(r.data().name());
        Files.createDirectories(dir);
        Charts.roc(r, dir.resolve(ProgramReport.ROC_PNG));
        boolean plotted = !ev.traces().isEmpty();
        if (plotted) {
            DetectorResult frame = r.detector(ProgramEvaluator.FRAME);
            Charts.behaviour(r.data().name(), ev.traces(), frame.epsilon(),
                "frame rule epsilon = " + ProgramEvaluator.fmt(frame.epsilon()), dir.resolve(ProgramReport.BEHAVIOUR_PNG));
        }
        ReportDocument doc = ProgramReport.build(r, plotted);
        Files.writeString(dir.resolve(REPORT_MD), MarkdownRenderer.render(doc), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(REPORT_HTML), HtmlRenderer.render(doc), StandardCharsets.UTF_8);
        JsonReport.write(r, dir.resolve(RESULTS_JSON));
        return dir;
    }

    public static void writeSummary(SummaryResult s, Path out) throws IOException {
        Files.createDirectories(out);
        ReportDocument doc = SummaryReport.build(s);
        Files.writeString(out.resolve(SUMMARY_MD), MarkdownRenderer.render(doc), StandardCharsets.UTF_8);
        String html = HtmlRenderer.render(doc).replace("/report.md\">", "/report.html\">");
        Files.writeString(out.resolve(SUMMARY_HTML), html, StandardCharsets.UTF_8);
        JsonReport.write(s, out.resolve(SUMMARY_JSON));
    }
}
