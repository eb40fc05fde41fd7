package org.vmpbd.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.vmpbd.detect.IdfVariant;
import org.vmpbd.detect.ModelTrainer;
import org.vmpbd.eval.DatasetLayout;
import org.vmpbd.eval.EvaluationOptions;
import org.vmpbd.eval.Experiment;
import org.vmpbd.eval.ExperimentData;
import org.vmpbd.eval.ExperimentLoader;
import org.vmpbd.eval.ProgramEvaluator;
import org.vmpbd.eval.ProgressSink;
import org.vmpbd.eval.ReportWriter;
import org.vmpbd.eval.SummaryResult;
import org.vmpbd.eval.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vmpbd evaluate}: reproduces the seed paper's tables and figures on UNM-style datasets,
 * vmpbd (both alarm rules) beside stide, with settings chosen on the training side only.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Evaluate vmpbd beside stide on a dataset folder (normal/ and intrusion/ traces, UNM format):",
        "seeded train/test split, settings chosen by an inner k-fold on the training side, then per-process TPR/FPR, "
            + "per-intrusion detection, ROC/AUC, average similarity (M = 3, 6, 10), behaviour traces and storage/"
            + "timing per index. Writes <out>/<program>/report.md, report.html, *.png, results.json and "
            + "<out>/summary.md, summary.html, summary.json."})
final class EvaluateCommand implements Callable<Integer> {
    private final ModelTrainer trainer;
    private final CliModule.Console console;

    @Parameters(index = "0", paramLabel = "PATH",
        description = "A program folder (with normal/ and intrusion/, or sub-folders that have both, like lpr/), "
            + "or with --all a folder of program folders.")
    Path path;

    @Option(names = "--all", description = "PATH holds program folders: evaluate every one of them.")
    boolean all;

    @Option(names = {"-o", "--output"}, required = true, description = "Output folder for the reports.")
    Path output;

    @Option(names = "--only", split = ",", paramLabel = "NAME",
        description = "Evaluate only these experiments (e.g. login,ps,lpr-unm).")
    List<String> only;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the train/test split (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--train-ratio", defaultValue = "0.5",
        description = "Share of normal processes used for training (default: ${DEFAULT-VALUE}).")
    double trainRatio;

    @Option(names = "--folds", defaultValue = "3", description = "Inner k-fold on the training side (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--target-fpr", defaultValue = "0.01",
        description = "Per-process FPR the thresholds may reach on the inner folds (default: ${DEFAULT-VALUE}).")
    double targetFpr;

    @Option(names = {"-M", "--window"}, defaultValue = "6", description = "Window length M (default: ${DEFAULT-VALUE}).")
    int m;

    @Option(names = "--idf", defaultValue = "smooth", description = "IDF variant: paper or smooth (default: ${DEFAULT-VALUE}).")
    IdfVariant idf;

    @Option(names = "--similarity-windows", split = ",", defaultValue = "3,6,10",
        description = "Window lengths of the average-similarity table (default: ${DEFAULT-VALUE}).")
    List<Integer> similarityMs;

    @Option(names = "--frame", defaultValue = "20",
        description = "Locality frame length L of the frame rule and of stide (default: ${DEFAULT-VALUE}).")
    int frame;

    @Option(names = "--frame-threshold", defaultValue = "auto",
        description = "The frame rule's r: a number in 1..L, or auto = chosen on the inner folds (default: ${DEFAULT-VALUE}).")
    String frameThreshold;

    @Option(names = "--epsilon-floor", defaultValue = "0.7",
        description = "Floor of the automatic choice of r: the smallest r whose epsilon reaches it (default: ${DEFAULT-VALUE}).")
    double epsilonFloor;

    @Option(names = "--stide-k", defaultValue = "6", description = "stide's window length k (default: ${DEFAULT-VALUE}).")
    int stideK;

    @Option(names = "--max-train-processes", defaultValue = "0",
        description = "Cap on training processes per program, a seeded subsample (0 = all; default: ${DEFAULT-VALUE}).")
    int maxTrain;

    @Option(names = "--max-test-processes", defaultValue = "0",
        description = "Cap on normal test processes per program, a seeded subsample (0 = all; default: ${DEFAULT-VALUE}).")
    int maxTest;

    @Option(names = "--similarity-max-windows", defaultValue = "1000000",
        description = "Windows per process that count in the average-similarity table; longer processes count "
            + "their first ones (0 = all; default: ${DEFAULT-VALUE}).")
    int similarityWindows;

    @Option(names = "--timing-windows", defaultValue = "200000",
        description = "Windows in the fixed subset every index is timed on (default: ${DEFAULT-VALUE}).")
    int timingWindows;

    @Option(names = {"-t", "--threads"}, description = "Processes scored concurrently (default: available cores).")
    Integer threads;

    @Option(names = "--no-progress", description = "No progress output.")
    boolean noProgress;

    @Inject
    EvaluateCommand(ModelTrainer trainer, CliModule.Console console) {
        this.trainer = trainer;
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        Progress progress = new Progress(console.err(), !noProgress);
        EvaluationOptions options = options();
        List<Experiment> experiments = all ? DatasetLayout.discoverAll(path) : DatasetLayout.program(path);
        experiments = selected(experiments);
        ProgramEvaluator evaluator = new ProgramEvaluator(trainer);
        ExperimentLoader loader = new ExperimentLoader();
        List<org.vmpbd.eval.ProgramResult> results = new ArrayList<>();
        List<SummaryResult.Failure> failures = new ArrayList<>();
        for (Experiment e : experiments) {
            try {
                ExperimentData data = progress.during(e.name() + ": reading " + e.folder(), () -> loader.load(e));
                ProgramEvaluator.Evaluation ev = evaluator.evaluate(data, options, sink(progress, !noProgress));
                Path dir = ReportWriter.writeProgram(ev, output);
                results.add(ev.result());
                console.out().println(line(ev.result()) + "  -> " + dir.resolve(ReportWriter.REPORT_MD));
            } catch (IllegalArgumentException | IOException ex) {
                if (!all && experiments.size() == 1) {
                    throw ex;
                }
                String reason = ErrorHandler.userMessage(ex);
                failures.add(new SummaryResult.Failure(e.name(), e.folder().toString(), reason));
                console.err().println("vmpbd evaluate: " + e.name() + ": not evaluated: " + reason);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ReportWriter.writeSummary(new SummaryResult(command(), options, results, failures, seconds), output);
        console.out().printf(Locale.ROOT, "summary: %s (%d evaluated, %d failed, %.1f s)%n",
            output.resolve(ReportWriter.SUMMARY_MD), results.size(), failures.size(), seconds);
        return failures.isEmpty() ? 0 : ErrorHandler.USER_ERROR;
    }

    private EvaluationOptions options() {
        int r;
        if (frameThreshold.equalsIgnoreCase("auto")) {
            r = 0;
        } else {
            try {
                r = Integer.parseInt(frameThreshold.trim());
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("--frame-threshold must be auto or a number in 1.." + frame + ", got '"
                    + frameThreshold + "'");
            }
            if (r < 1) {
                throw new IllegalArgumentException("--frame-threshold must be auto or a number in 1.." + frame
                    + ", got " + r);
            }
        }
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        return new EvaluationOptions(trainRatio, seed, folds, targetFpr, m, idf, similarityMs, frame, r, epsilonFloor,
            stideK, maxTrain, maxTest, similarityWindows, timingWindows, t);
    }

    private List<Experiment> selected(List<Experiment> experiments) {
        if (only == null || only.isEmpty()) {
            return experiments;
        }
        Set<String> wanted = new LinkedHashSet<>(only);
        List<Experiment> out = experiments.stream().filter(e -> wanted.contains(e.name())).toList();
        wanted.removeAll(out.stream().map(Experiment::name).toList());
        if (!wanted.isEmpty()) {
            throw new IllegalArgumentException("--only: no experiment named " + String.join(", ", wanted) + " under "
                + path + "; found " + String.join(", ", experiments.stream().map(Experiment::name).toList()));
        }
        return out;
    }

    /** The command line that reproduces this run (defaults spelled out). */
    private String command() {
        StringBuilder sb = new StringBuilder("java -jar plugin/target/vmpbd.jar evaluate");
        if (all) {
            sb.append(" --all");
        }
        sb.append(' ').append(path).append(" -o ").append(output);
        if (only != null && !only.isEmpty()) {
            sb.append(" --only ").append(String.join(",", only));
        }
        sb.append(" --seed ").append(seed).append(" --train-ratio ").append(trainRatio).append(" --folds ").append(folds)
            .append(" --target-fpr ").append(targetFpr).append(" -M ").append(m)
            .append(" --frame-threshold ").append(frameThreshold).append(" --epsilon-floor ").append(epsilonFloor);
        if (maxTrain > 0) {
            sb.append(" --max-train-processes ").append(maxTrain);
        }
        if (maxTest > 0) {
            sb.append(" --max-test-processes ").append(maxTest);
        }
        sb.append(" --similarity-max-windows ").append(similarityWindows);
        return sb.toString();
    }

    private static String line(org.vmpbd.eval.ProgramResult r) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-9s", r.data().name()));
        for (org.vmpbd.eval.DetectorResult d : r.detectors()) {
            sb.append(String.format(Locale.ROOT, " | %s: TPR %.1f%% FPR %.2f%% intrusions %d/%d AUC %.3f",
                d.key(), 100 * d.tpr(), 100 * d.fpr(), d.intrusionsDetected(), d.intrusions().size(), d.roc().auc()));
        }
        sb.append(" | target ").append(Verdict.of(r).met() ? "met" : "not met");
        return sb.toString();
    }

    private ProgressSink sink(Progress progress, boolean enabled) {
        return new ProgressSink() {
            @Override
            public void stage(String what) {
                if (enabled) {
                    console.err().println(what);
                }
            }

            @Override
            public Step steps(String task, int total) {
                Progress.Bar bar = progress.bar(task, total);
                return new Step() {
                    @Override
                    public void accept(int done) {
                        bar.stepTo(done);
                    }

                    @Override
                    public void close() {
                        bar.close();
                    }
                };
            }
        };
    }
}
