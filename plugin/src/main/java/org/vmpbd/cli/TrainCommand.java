package org.vmpbd.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vmpbd.detect.DetectionModel;
import org.vmpbd.detect.IdfVariant;
import org.vmpbd.detect.ModelCodec;
import org.vmpbd.detect.ModelTrainer;
import org.vmpbd.detect.SyscallFilter;
import org.vmpbd.detect.TrainingOptions;
import org.vmpbd.detect.trace.ProcessTrace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vmpbd train}: builds a model of normal behaviour from normal traces. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a model of normal behaviour from normal process traces.")
final class TrainCommand implements Callable<Integer> {
    private final ModelTrainer trainer;
    private final ModelCodec codec;
    private final CliModule.Console console;

    @Mixin
    TraceInput input;

    @Option(names = {"-M", "--window"}, defaultValue = "6", description = "Window length M (default: ${DEFAULT-VALUE}).")
    int m;

    @Option(names = "--idf", defaultValue = "smooth", description = "IDF variant: paper or smooth (default: ${DEFAULT-VALUE}).")
    IdfVariant idf;

    @Option(names = "--filter", description = "Comma-separated calls (names or numbers) to keep; others are dropped.")
    String filter;

    @Option(names = "--label", defaultValue = "", description = "What the model is for (program, image, service).")
    String label;

    @Option(names = {"-o", "--output"}, required = true, description = "Model file to write.")
    Path output;

    @Option(names = "--no-progress", description = "No progress output.")
    boolean noProgress;

    @Inject
    TrainCommand(ModelTrainer trainer, ModelCodec codec, CliModule.Console console) {
        this.trainer = trainer;
        this.codec = codec;
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        Progress progress = new Progress(console.err(), !noProgress);
        List<ProcessTrace> traces = input.read(progress);
        SyscallFilter f = filter == null ? null : SyscallFilter.parse(input.abi(), filter);
        DetectionModel model = progress.during("training on " + traces.size() + " processes",
            () -> trainer.train(traces, new TrainingOptions(m, idf, f, label)));
        codec.write(model, output);
        var t = model.training();
        var lib = model.library();
        console.out().printf("model %s: ABI %s (n=%d), M=%d, IDF %s%s%n", output, model.abi().name(), model.abi().size(),
            m, idf.name().toLowerCase(java.util.Locale.ROOT), f == null ? "" : ", filter " + f);
        console.out().printf("trained on %d processes, %d calls, %d windows; library %d distinct windows%n",
            t.processes(), t.calls(), t.windows(), lib.rows());
        console.out().printf("library storage: CSR %d bytes, dense %d bytes (%.1fx smaller)%n", lib.csrBytes(),
            lib.denseBytes(), (double) lib.denseBytes() / Math.max(1, lib.csrBytes()));
        console.out().printf("training digest %s%n", t.digest());
        return 0;
    }
}
