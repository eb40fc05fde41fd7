package org.vmpbd.cli;

import jakarta.inject.Inject;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.vmpbd.policy.PolicyLoader;
import org.vmpbd.policy.TenantPolicy;
import org.vmpbd.trust.Decay;
import org.vmpbd.trust.MaliciousIndex;
import org.vmpbd.trust.MissingPart;
import org.vmpbd.trust.OutsideAggregation;
import org.vmpbd.trust.TrustOptions;
import org.vmpbd.trust.WindowEdge;
import org.vmpbd.trust.sim.Attack;
import org.vmpbd.trust.sim.IsolationRule;
import org.vmpbd.trust.sim.Simulation;
import org.vmpbd.trust.sim.SimulationParameters;
import org.vmpbd.trust.sim.SimulationReport;
import org.vmpbd.trust.sim.SimulationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vmpbd simulate}: the trust seed's experiment (figures 3, 4 and 5) on simulated VMs. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = {"Run the trust seed's experiment on simulated VMs: 1 privileged + N user VMs, a trojan planted in one "
        + "spreading over inter-VM communication, with and without the trust mechanism (VMs the policy's ladder "
        + "isolates stop communicating), driving the real trust code and the policy's trust settings. Writes "
        + "<out>/summary.md, simulation-<attack>.json, healthy-<attack>.png (figures 3, 4), tr.png and cost.png "
        + "(figure 5)."})
final class SimulateCommand implements Callable<Integer> {
    private final PolicyLoader loader;
    private final CliModule.Console console;

    @Option(names = {"-o", "--output"}, required = true, description = "Output folder.")
    Path output;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--attack", split = ",", defaultValue = "ne-trojan,anti-vm",
        description = "Attacks to simulate: ne-trojan (figure 3), anti-vm (figure 4) (default: ${DEFAULT-VALUE}).")
    List<String> attacks;

    @Option(names = "--policy-dir", description = "A policy folder (default.yaml, tenants/): its default policy is used "
        + "(default: the built-in default policy).")
    Path policyDir;

    @Option(names = "--user-vms", defaultValue = "99", description = "User VMs (default: ${DEFAULT-VALUE}).")
    int userVms;

    @Option(names = "--steps", defaultValue = "120", description = "Steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--step-seconds", defaultValue = "60", description = "Simulated seconds per step (default: ${DEFAULT-VALUE}).")
    int stepSeconds;

    @Option(names = "--contacts", defaultValue = "2", description = "Contacts per step of an active trojan (default: ${DEFAULT-VALUE}).")
    int contacts;

    @Option(names = "--infection-probability", defaultValue = "0.15",
        description = "Chance a contact infects (default: ${DEFAULT-VALUE}).")
    double infection;

    @Option(names = "--incubation", defaultValue = "3", description = "Steps before a trojan spreads (default: ${DEFAULT-VALUE}).")
    int incubation;

    @Option(names = "--agent-share", defaultValue = "0.7",
        description = "Share of VMs with a guest agent (inside measurements) (default: ${DEFAULT-VALUE}).")
    double agentShare;

    @Option(names = "--isolation", defaultValue = "untrusted-state",
        description = "untrusted-state or severity-ladder (default: ${DEFAULT-VALUE}).")
    String isolation;

    @Option(names = "--decay", defaultValue = "linear", description = "linear, linear-by-age or none (default: ${DEFAULT-VALUE}).")
    String decay;

    @Option(names = "--aggregation", defaultValue = "one-minus-mean",
        description = "one-minus-mean or one-minus-max (default: ${DEFAULT-VALUE}).")
    String aggregation;

    @Option(names = "--malicious-index", defaultValue = "normalised-excess",
        description = "normalised-excess or printed-clamped (default: ${DEFAULT-VALUE}).")
    String maliciousIndex;

    @Option(names = "--missing-inside", defaultValue = "renormalise",
        description = "No inside measurement: renormalise or zero (default: ${DEFAULT-VALUE}).")
    String missingInside;

    @Option(names = "--no-progress", description = "No progress output.")
    boolean noProgress;

    @Inject
    SimulateCommand(PolicyLoader loader, CliModule.Console console) {
        this.loader = loader;
        this.console = console;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String s) {
        return Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    @Override
    public Integer call() throws Exception {
        TenantPolicy policy = policyDir == null ? loader.builtIn().policy() : loader.load(policyDir).defaults().policy();
        TrustOptions options = new TrustOptions(parse(Decay.class, decay), WindowEdge.EXCLUDE_OLDEST,
            parse(MaliciousIndex.class, maliciousIndex), parse(OutsideAggregation.class, aggregation),
            parse(MissingPart.class, missingInside), MissingPart.RENORMALISE, TenantPolicy.TrustState.TRUSTED);
        SimulationParameters base = new SimulationParameters(seed, userVms, steps, java.time.Duration.ofSeconds(stepSeconds),
            contacts, infection, incubation, 6, 0.2, 3, 0.05, agentShare, Attack.NE_TROJAN,
            parse(IsolationRule.class, isolation), options);
        Files.createDirectories(output);
        Progress progress = new Progress(console.err(), !noProgress);
        SimulationReport report = new SimulationReport();
        List<SimulationResult> results = new ArrayList<>();
        List<String> figures = new ArrayList<>();
        for (String a : attacks) {
            Attack attack = parse(Attack.class, a);
            String name = attack.name().toLowerCase(Locale.ROOT).replace('_', '-');
            SimulationResult r;
            try (Progress.Bar bar = progress.bar("simulate " + name, 2L * steps)) {
                r = new Simulation(base.withAttack(attack), policy,
                    (arm, done, total) -> bar.stepTo(arm.equals("with") ? done : total + done)).run();
            }
            results.add(r);
            report.writeJson(r, output.resolve("simulation-" + name + ".json"));
            healthyChart(r, name, output.resolve("healthy-" + name + ".png"));
            figures.add("healthy-" + name + ".png");
            console.out().printf(Locale.ROOT, "%s: healthy at the end %.1f %% with the mechanism, %.1f %% without; "
                    + "trust code %.2f µs CPU per measurement%n", name, 100 * r.with().finalHealthy(),
                100 * r.without().finalHealthy(), r.with().meanNanosPerMeasurement() / 1000);
        }
        trChart(results, output.resolve("tr.png"));
        costChart(results, output.resolve("cost.png"));
        figures.add("tr.png");
        figures.add("cost.png");
        report.writeMarkdown(results, "vmpbd simulate " + String.join(" ", commandLine()), figures,
            output.resolve("summary.md"));
        console.out().println("wrote " + output.resolve("summary.md"));
        return 0;
    }

    private List<String> commandLine() {
        return List.of("--seed", Long.toString(seed), "--attack", String.join(",", attacks), "--user-vms",
            Integer.toString(userVms), "--steps", Integer.toString(steps), "--step-seconds", Integer.toString(stepSeconds),
            "--contacts", Integer.toString(contacts), "--infection-probability", Double.toString(infection),
            "--incubation", Integer.toString(incubation), "--agent-share", Double.toString(agentShare), "--isolation",
            isolation, "--decay", decay, "--aggregation", aggregation, "--malicious-index", maliciousIndex,
            "--missing-inside", missingInside) ;
    }

    private static double[] minutes(SimulationResult r) {
        double s = r.parameters().step().toSeconds() / 60.0;
        return IntStream.range(0, r.parameters().steps()).mapToDouble(i -> i * s).toArray();
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setMarkerSize(4);
        return c;
    }

    private static void save(XYChart c, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(c, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /** Figures 3 and 4: share of healthy VMs over time, with and without. */
    private static void healthyChart(SimulationResult r, String name, Path png) throws IOException {
        XYChart c = chart("Share of healthy VMs, " + name + " (seed " + r.parameters().seed() + ")", "minutes",
            "healthy VMs (neither infected nor isolated)");
        c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        double[] x = minutes(r);
        c.addSeries("with the trust mechanism", x, r.with().healthy()).setMarker(SeriesMarkers.NONE)
            .setLineColor(new Color(0x2C, 0xA0, 0x2C));
        c.addSeries("without", x, r.without().healthy()).setMarker(SeriesMarkers.NONE).setLineColor(new Color(0xD6, 0x27, 0x28));
        c.addSeries("isolated (with)", x, r.with().isolated()).setMarker(SeriesMarkers.NONE).setLineColor(Color.GRAY);
        save(c, png);
    }

    /** TR over time, with the mechanism, per attack (steps without an infected VM are left out). */
    private static void trChart(List<SimulationResult> results, Path png) throws IOException {
        XYChart c = chart("Effective control rate TR over time", "minutes", "TR = α / (μ (α + β))");
        for (SimulationResult r : results) {
            for (boolean with : new boolean[] {true, false}) {
                double[] tr = with ? r.with().tr() : r.without().tr();
                double[] x = minutes(r);
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (int i = 0; i < tr.length; i++) {
                    if (!Double.isNaN(tr[i])) {
                        xs.add(x[i]);
                        ys.add(tr[i]);
                    }
                }
                if (!xs.isEmpty()) {
                    c.addSeries(r.parameters().attack().name().toLowerCase(Locale.ROOT) + (with ? ", with" : ", without"),
                        xs, ys).setMarker(SeriesMarkers.NONE);
                }
            }
        }
        save(c, png);
    }

    /** Figure 5: CPU time of the real trust code per measurement, per VM. */
    private static void costChart(List<SimulationResult> results, Path png) throws IOException {
        XYChart c = chart("Monitoring cost per VM: trust code CPU time per measurement", "user VM", "µs per measurement");
        for (SimulationResult r : results) {
            double[] ns = r.with().nanosPerVm();
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < ns.length; i++) {
                if (!Double.isNaN(ns[i])) {
                    xs.add(i + 1.0);
                    ys.add(ns[i] / 1000);
                }
            }
            XYSeries s = c.addSeries(r.parameters().attack().name().toLowerCase(Locale.ROOT) + String.format(Locale.ROOT,
                ", mean %.2f µs", r.with().meanNanosPerMeasurement() / 1000), xs, ys);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
        save(c, png);
    }
}
