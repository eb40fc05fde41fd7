package org.vmpbd.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The demo's report: report.md and report.html with one behaviour-trace plot (PNG) per plotted process. */
public final class DemoReport {
    /** What the report shows. */
    public record Content(String hypervisor, String notice, long seed, List<DemoScenario.VmResult> vms,
                          List<DemoScenario.Trace> traces, int caught, int attacks, int flagged, int tested,
                          double seconds) {
    }

    public record Written(Path html, Path markdown, List<Path> plots) {
    }

    public Written write(Path out, Content c) throws IOException {
        List<Path> plots = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        Path dir = Files.createDirectories(out.resolve("plots"));
        int i = 0;
        for (DemoScenario.Trace t : c.traces()) {
            Path png = dir.resolve(String.format(Locale.ROOT, "behaviour-%d-%s.png", ++i,
                t.role().startsWith("injected") ? "attack" : "normal"));
            plot(t, png);
            plots.add(png);
            captions.add(t.vm() + ", " + t.role() + ": " + t.processId());
        }
        StringBuilder md = new StringBuilder("# vmpbd demo report\n\n");
        md.append("**").append(c.notice()).append("** (seed ").append(c.seed()).append("). Hypervisor: libvirt `")
            .append(c.hypervisor()).append("` (in-process test driver).\n\n");
        md.append(String.format(Locale.ROOT, "Injected attacks detected: %d/%d; held-out normal processes flagged: "
            + "%d/%d; elapsed %.1f s.%n%n", c.caught(), c.attacks(), c.flagged(), c.tested(), c.seconds()));
        md.append("| VM | program | model | processes | anomalous | alarms | severity | actions | state (libvirt) "
            + "| snapshots |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (DemoScenario.VmResult r : c.vms()) {
            md.append("| ").append(r.vm().name()).append(" | ").append(r.vm().program()).append(" | ").append(r.model())
                .append(" | ").append(r.processes()).append(" | ")
                .append(r.anomalous().isEmpty() ? "none" : String.join("<br>", r.anomalous())).append(" | ")
                .append(r.alarms()).append(" | ").append(DemoScenario.num(r.severity().score())).append(" (")
                .append(r.severity().level().name().toLowerCase(Locale.ROOT)).append(") | ")
                .append(r.actions().isEmpty() ? "none" : String.join("<br>", r.actions().stream()
                    .map(a -> a.level().name().toLowerCase(Locale.ROOT) + ": " + a.line()).toList()))
                .append(" | ").append(r.stateAfter()).append(" | ")
                .append(r.snapshots().isEmpty() ? "none" : String.join("<br>", r.snapshots())).append(" |\n");
        }
        md.append("\n## Learning\n\n");
        for (DemoScenario.VmResult r : c.vms()) {
            md.append("- ").append(r.vm().name()).append(" ").append(r.learning()).append('\n');
        }
        md.append("\n## Behaviour traces\n\nb_k per window k (1 = the window is in the model's library), recomputed by "
            + "the detector that judged the process live; the dashed line is epsilon.\n\n");
        for (int k = 0; k < plots.size(); k++) {
            md.append("![").append(captions.get(k)).append("](plots/").append(plots.get(k).getFileName()).append(")\n\n");
        }
        Path mdFile = out.resolve("report.md");
        Files.writeString(mdFile, md.toString(), StandardCharsets.UTF_8);

        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>vmpbd demo"
            + "</title><style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}table{border-collapse:collapse}"
            + "td,th{border:1px solid #bbb;padding:4px 8px;vertical-align:top}img{max-width:100%}</style></head><body>\n");
        html.append("<h1>vmpbd demo report</h1>\n<p><strong>").append(esc(c.notice())).append("</strong> (seed ")
            .append(c.seed()).append("). Hypervisor: libvirt <code>").append(esc(c.hypervisor()))
            .append("</code> (in-process test driver).</p>\n");
        html.append(String.format(Locale.ROOT, "<p>Injected attacks detected: %d/%d; held-out normal processes flagged: "
            + "%d/%d; elapsed %.1f s.</p>%n", c.caught(), c.attacks(), c.flagged(), c.tested(), c.seconds()));
        html.append("<table><tr><th>VM</th><th>program</th><th>model</th><th>processes</th><th>anomalous</th>"
            + "<th>alarms</th><th>severity</th><th>actions</th><th>state (libvirt)</th><th>snapshots</th></tr>\n");
        for (DemoScenario.VmResult r : c.vms()) {
            html.append("<tr><td>").append(esc(r.vm().name())).append("</td><td>").append(esc(r.vm().program()))
                .append("</td><td>").append(esc(r.model())).append("</td><td>").append(r.processes()).append("</td><td>")
                .append(r.anomalous().isEmpty() ? "none" : esc(String.join("\n", r.anomalous())).replace("\n", "<br>"))
                .append("</td><td>").append(r.alarms()).append("</td><td>")
                .append(DemoScenario.num(r.severity().score())).append(" (")
                .append(r.severity().level().name().toLowerCase(Locale.ROOT)).append(")</td><td>")
                .append(r.actions().isEmpty() ? "none" : esc(String.join("\n", r.actions().stream()
                    .map(a -> a.level().name().toLowerCase(Locale.ROOT) + ": " + a.line()).toList())).replace("\n", "<br>"))
                .append("</td><td>").append(esc(r.stateAfter())).append("</td><td>")
                .append(r.snapshots().isEmpty() ? "none" : esc(String.join(", ", r.snapshots()))).append("</td></tr>\n");
        }
        html.append("</table>\n<h2>Learning</h2>\n<ul>\n");
        for (DemoScenario.VmResult r : c.vms()) {
            html.append("<li>").append(esc(r.vm().name() + " " + r.learning())).append("</li>\n");
        }
        html.append("</ul>\n<h2>Behaviour traces</h2>\n<p>b_k per window k (1 = the window is in the model's library), "
            + "recomputed by the detector that judged the process live; the dashed line is epsilon.</p>\n");
        for (int k = 0; k < plots.size(); k++) {
            html.append("<figure><img src=\"plots/").append(plots.get(k).getFileName()).append("\" alt=\"")
                .append(esc(captions.get(k))).append("\"><figcaption>").append(esc(captions.get(k)))
                .append("</figcaption></figure>\n");
        }
        html.append("</body></html>\n");
        Path htmlFile = out.resolve("report.html");
        Files.writeString(htmlFile, html.toString(), StandardCharsets.UTF_8);
        return new Written(htmlFile, mdFile, plots);
    }

    private static void plot(DemoScenario.Trace t, Path png) throws IOException {
        double[] b = t.b().length == 0 ? new double[] {1} : t.b();
        double[] x = new double[b.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        int misses = 0;
        for (double v : t.b()) {
            misses += v < 1 ? 1 : 0;
        }
        XYChart chart = new XYChartBuilder().width(1000).height(300).title(t.vm() + ", " + t.role() + ": "
            + t.processId() + " (" + t.b().length + " windows, " + misses + " not in the library)")
            .xAxisTitle("window k").yAxisTitle("b_k").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.05);
        XYSeries s = chart.addSeries("b_k (1 = in the library)", x, b);
        s.setMarker(SeriesMarkers.NONE).setLineColor(t.role().startsWith("injected") ? new Color(0xD6, 0x27, 0x28)
            : new Color(0x1F, 0x77, 0xB4));
        s.setLineStyle(new BasicStroke(1.2f));
        XYSeries e = chart.addSeries("epsilon " + DemoScenario.num(t.epsilon()), new double[] {0, Math.max(1, x.length - 1)},
            new double[] {t.epsilon(), t.epsilon()});
        e.setMarker(SeriesMarkers.NONE).setLineColor(Color.DARK_GRAY);
        e.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
        try (OutputStream o = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, o, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
