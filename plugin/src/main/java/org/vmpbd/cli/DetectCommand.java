package org.vmpbd.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vmpbd.detect.AlarmRule;
import org.vmpbd.detect.BatchDetector;
import org.vmpbd.detect.DetectionModel;
import org.vmpbd.detect.Detector;
import org.vmpbd.detect.IndexKind;
import org.vmpbd.detect.ModelCodec;
import org.vmpbd.detect.ProcessVerdict;
import org.vmpbd.detect.abi.AbiMapping;
import org.vmpbd.detect.abi.SocketCallMode;
import org.vmpbd.detect.trace.ProcessTrace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vmpbd detect}: scores traces against a model and prints the verdicts. */
@Command(name = "detect", mixinStandardHelpOptions = true,
    description = "Score process traces against a model and print the verdicts.")
final class DetectCommand implements Callable<Integer> {
    private final ModelCodec codec;
    private final VerdictPrinter printer;
    private final CliModule.Console console;

    @Mixin
    TraceInput input;

    @Option(names = {"-m", "--model"}, required = true, description = "Model file (from vmpbd train).")
    Path modelFile;

    @Option(names = "--index", defaultValue = "subset",
        description = "Similarity index: scan, kdtree or subset (all exact; default: ${DEFAULT-VALUE}).")
    IndexKind index;

    @Option(names = "--rule", defaultValue = "frame",
        description = "Alarm rule: consecutive (3M below epsilon in a row), consecutive:R, frame (4 of 20), frame:r/L "
            + "(default: ${DEFAULT-VALUE}).")
    String rule;

    @Option(names = {"-e", "--epsilon"}, defaultValue = "0.6",
        description = "Similarity threshold epsilon in (0,1]; windows below it count against the process "
            + "(default: ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = {"-t", "--threads"}, description = "Processes scored concurrently (default: available cores).")
    Integer threads;

    @Option(names = "--map",
        description = "Map traces of another ABI into the model's by vmpbd's explicit table (linux-x86_64 to linux-i386) "
            + "instead of refusing them.")
    boolean map;

    @Option(names = "--socketcall", defaultValue = "multiplexed",
        description = "With --map: socket and SysV IPC calls go to i386 socketcall/ipc (multiplexed, as i386 kernels "
            + "up to 4.2 issued them) or to i386's direct calls (direct) (default: ${DEFAULT-VALUE}).")
    SocketCallMode socketCall;

    @Option(names = "--all", description = "Print every process, not only anomalous ones.")
    boolean all;

    @Option(names = "--json", description = "Print verdicts as JSON Lines.")
    boolean json;

    @Option(names = "--no-progress", description = "No progress output.")
    boolean noProgress;

    @Inject
    DetectCommand(ModelCodec codec, VerdictPrinter printer, CliModule.Console console) {
        this.codec = codec;
        this.printer = printer;
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        Progress progress = new Progress(console.err(), !noProgress);
        DetectionModel model = progress.during("loading model " + modelFile, () -> codec.read(modelFile));
        List<ProcessTrace> traces = input.read(progress);
        if (map && !input.abi().equals(model.abi())) {
            AbiMapping mapping = AbiMapping.between(input.abi(), model.abi(), socketCall);
            traces = traces.stream().map(t -> t.mapped(mapping)).toList();
        }
        for (ProcessTrace t : traces) {
            model.requireAbi(t);
        }
        Detector detector = new Detector(model, index, AlarmRule.parse(rule, model.m()), epsilon);
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        List<ProcessVerdict> verdicts;
        try (Progress.Bar bar = progress.bar("detect", traces.size())) {
            verdicts = new BatchDetector(detector, n).detect(traces, bar::stepTo);
        }
        printer.print(console.out(), model.abi(), detector, verdicts, all, json);
        return 0;
    }
}
