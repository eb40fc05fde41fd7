package org.vmpbd.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG charts of a report (XChart, rendered headless). */
public final class Charts {
    /** Behaviour traces longer than this are drawn as the minimum b_k per bucket of windows. */
    static final int MAX_POINTS = 3000;
    private static final Color[] DETECTOR_COLORS = {new Color(0x55, 0x55, 0x55), new Color(0xD6, 0x27, 0x28),
        new Color(0x1F, 0x77, 0xB4)};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /**
     * ROC of every detector (and of vmpbd's mean score) on one chart, chosen operating points
     * marked; when the interesting part hugs the left edge (many normal processes, FPRs of a few
     * percent) a second panel zooms into small FPRs.
     */
    public static void roc(ProgramResult r, Path png) throws IOException {
        double maxFpr = r.detectors().stream().mapToDouble(DetectorResult::fpr).filter(v -> !Double.isNaN(v)).max()
            .orElse(0);
        int negatives = r.meanRoc().negatives();
        double zoom = Math.max(0.01, Math.max(4 * maxFpr, negatives == 0 ? 1 : 5.0 / negatives));
        List<XYChart> charts = new ArrayList<>();
        charts.add(rocChart(r, 1.0, r.data().name() + ": ROC over the threshold, per process (test side)"));
        if (zoom <= 0.25) {
            charts.add(rocChart(r, zoom, r.data().name() + ": the same, false-positive rate up to "
                + String.format(Locale.ROOT, "%.3g", zoom)));
        }
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(charts, 1, charts.size(), out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static XYChart rocChart(ProgramResult r, double xmax, String title) {
        XYChart chart = new XYChartBuilder().width(760).height(620).title(title)
            .xAxisTitle("false-positive rate (normal test processes)").yAxisTitle("true-positive rate (intrusion processes)")
            .build();
        XYStyler st = chart.getStyler();
        st.setLegendPosition(Styler.LegendPosition.InsideSE);
        st.setChartBackgroundColor(Color.WHITE);
        st.setXAxisMin(0.0).setXAxisMax(xmax).setYAxisMin(0.0).setYAxisMax(1.0)
            .setXAxisDecimalPattern(xmax < 0.1 ? "0.000" : "0.0#").setYAxisDecimalPattern("0.0#");
        XYSeries diag = chart.addSeries("chance", new double[] {0, 1}, new double[] {0, 1});
        diag.setMarker(SeriesMarkers.NONE).setLineColor(Color.LIGHT_GRAY);
        diag.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        diag.setShowInLegend(false);
        Roc mean = r.meanRoc();
        addCurve(chart, "vmpbd mean score, AUC " + auc(mean.auc()), mean, new Color(0x2C, 0xA0, 0x2C), true, xmax);
        int c = 0;
        for (DetectorResult d : r.detectors()) {
            Color color = DETECTOR_COLORS[c++ % DETECTOR_COLORS.length];
            addCurve(chart, d.label() + ", AUC " + auc(d.roc().auc()), d.roc(), color, false, xmax);
            XYSeries op = chart.addSeries(d.label() + " chosen: FPR " + pct(d.fpr()) + ", TPR " + pct(d.tpr()),
                new double[] {d.fpr()}, new double[] {d.tpr()});
            op.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarker(SeriesMarkers.DIAMOND)
                .setMarkerColor(color);
        }
        return chart;
    }

    /** The curve, cut at {@code xmax} (interpolated on the segment that crosses it). */
    private static void addCurve(XYChart chart, String name, Roc roc, Color color, boolean dashed, double xmax) {
        List<double[]> pts = new ArrayList<>();
        List<Roc.Point> all = roc.points();
        for (int i = 0; i < all.size(); i++) {
            Roc.Point p = all.get(i);
            if (p.fpr() <= xmax) {
                pts.add(new double[] {p.fpr(), p.tpr()});
            } else {
                Roc.Point prev = all.get(i - 1);
                double t = (xmax - prev.fpr()) / (p.fpr() - prev.fpr());
                pts.add(new double[] {xmax, prev.tpr() + t * (p.tpr() - prev.tpr())});
                break;
            }
        }
        double[] x = pts.stream().mapToDouble(a -> a[0]).toArray();
        double[] y = pts.stream().mapToDouble(a -> a[1]).toArray();
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE).setLineColor(color);
        s.setLineStyle(dashed ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f) : new BasicStroke(2f));
    }

    /**
     * Behaviour traces b_k over k, one panel per process (the paper's figures 6 and 7), with the
     * frame rule's epsilon drawn.
     */
    public static void behaviour(String program, List<ProgramEvaluator.PlotTrace> traces, double epsilon,
                                 String epsilonLabel, Path png) throws IOException {
        List<XYChart> charts = new ArrayList<>();
        for (ProgramEvaluator.PlotTrace p : traces) {
            BehaviourTrace t = p.trace();
            int bucket = Math.max(1, (t.windows() + MAX_POINTS - 1) / MAX_POINTS);
            int points = (t.windows() + bucket - 1) / bucket;
            double[] x = new double[points];
            double[] y = new double[points];
            for (int i = 0; i < points; i++) {
                x[i] = (double) i * bucket;
                y[i] = 1.0;
            }
            for (int i = 0; i < t.misses(); i++) {
                int slot = t.missAt()[i] / bucket;
                y[slot] = Math.min(y[slot], t.missB()[i]);
            }
            String title = program + ", " + p.plot().role() + ": " + p.plot().processId() + " (" + t.windows()
                + " windows, " + t.misses() + " misses" + (bucket > 1 ? "; min per " + bucket : "") + ")";
            XYChart chart = new XYChartBuilder().width(1000).height(280).title(title).xAxisTitle("window k")
                .yAxisTitle("b_k").build();
            XYStyler st = chart.getStyler();
            st.setLegendPosition(Styler.LegendPosition.InsideSW);
            st.setChartTitleFont(st.getChartTitleFont().deriveFont(12f));
            st.setChartBackgroundColor(Color.WHITE);
            st.setYAxisMin(0.0).setYAxisMax(1.05).setXAxisDecimalPattern("#,##0").setYAxisDecimalPattern("0.0")
                .setXAxisTickMarkSpacingHint(90);
            XYSeries s = chart.addSeries("b_k (1 = in the library)", x, y);
            s.setMarker(SeriesMarkers.NONE).setLineColor(p.plot().role().equals("intrusion")
                ? new Color(0xD6, 0x27, 0x28) : new Color(0x1F, 0x77, 0xB4));
            s.setLineStyle(new BasicStroke(1f));
            double xmax = Math.max(1, x.length == 0 ? 1 : x[x.length - 1]);
            XYSeries e = chart.addSeries(epsilonLabel, new double[] {0, xmax}, new double[] {epsilon, epsilon});
            e.setMarker(SeriesMarkers.NONE).setLineColor(Color.DARK_GRAY);
            e.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {5f, 4f}, 0f));
            charts.add(chart);
        }
        if (charts.isEmpty()) {
            throw new IllegalArgumentException(program + ": no process with windows to plot");
        }
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(charts, charts.size(), 1, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    static String auc(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
