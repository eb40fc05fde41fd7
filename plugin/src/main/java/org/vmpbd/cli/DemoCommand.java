package org.vmpbd.cli;

import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vmpbd.demo.EventLogWriter;
import org.vmpbd.demo.SyntheticWorkload;
import org.vmpbd.detect.AlarmRule;
import org.vmpbd.detect.DetectionModel;
import org.vmpbd.detect.Detector;
import org.vmpbd.detect.IndexKind;
import org.vmpbd.detect.ModelCodec;
import org.vmpbd.detect.ModelTrainer;
import org.vmpbd.detect.ProcessVerdict;
import org.vmpbd.detect.TrainingOptions;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.detect.trace.ProcessTrace;
import org.vmpbd.detect.trace.Traces;
import org.vmpbd.trap.PumpListener;
import org.vmpbd.trap.TrapPump;
import org.vmpbd.trap.TrapTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vmpbd demo}: the embedded default. Generates the bundled synthetic guest traces (seeded),
 * writes them as event logs, trains on the normal ones, detects on held-out normal processes plus
 * injected attacks through the live path (the test log replayed by the replay trap driver, pumped
 * into the streaming detector), and prints the verdicts.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Train on the bundled (synthetic) guest traces and detect injected attacks.")
final class DemoCommand implements Callable<Integer> {
    private static final String VM = "demo-synthetic";

    private final ModelTrainer trainer;
    private final ModelCodec codec;
    private final VerdictPrinter printer;
    private final EventLogWriter writer;
    private final LiveReplay live;
    private final CliModule.Console console;

    @Option(names = "--dir", description = "Where to write the traces and the model (default: a new temp directory).")
    Path dir;

    @Option(names = "--seed", defaultValue = "7", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--train", defaultValue = "40", description = "Normal training processes per program (default: ${DEFAULT-VALUE}).")
    int train;

    @Option(names = "--test", defaultValue = "10", description = "Held-out normal processes per program (default: ${DEFAULT-VALUE}).")
    int test;

    @Option(names = {"-e", "--epsilon"}, defaultValue = "0.6", description = "Similarity threshold (default: ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = "--rule", defaultValue = "frame", description = "Alarm rule (default: ${DEFAULT-VALUE}).")
    String rule;

    @Inject
    DemoCommand(ModelTrainer trainer, ModelCodec codec, VerdictPrinter printer, EventLogWriter writer, LiveReplay live,
                CliModule.Console console) {
        this.trainer = trainer;
        this.codec = codec;
        this.printer = printer;
        this.writer = writer;
        this.live = live;
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        Path out = dir != null ? dir : Files.createTempDirectory("vmpbd-demo");
        Abi abi = Abis.byName(Abis.LINUX_X86_64);
        SyntheticWorkload workload = new SyntheticWorkload(abi);
        List<SyntheticWorkload.Process> normalTrain = workload.normal(train, seed, 1000);
        List<SyntheticWorkload.Process> normalTest = workload.normal(test, seed + 1, 5000);
        List<SyntheticWorkload.Process> attacks = workload.attacks(seed + 2, 9000);
        Files.createDirectories(out);
        Files.writeString(out.resolve("README.txt"), SyntheticWorkload.NOTICE + " (seed " + seed + ").\n"
            + "train.jsonl: normal processes; test.jsonl: held-out normal processes and injected attacks.\n",
            StandardCharsets.UTF_8);
        writer.write(out.resolve("train.jsonl"), VM, abi, normalTrain);
        List<SyntheticWorkload.Process> testSet = new java.util.ArrayList<>(normalTest);
        testSet.addAll(attacks);
        writer.write(out.resolve("test.jsonl"), VM, abi, testSet);

        console.out().println("NOTE: " + SyntheticWorkload.NOTICE + " (seed " + seed + ", written to " + out + ")");
        List<ProcessTrace> trainTraces = Traces.read(out.resolve("train.jsonl"), "events", abi);
        DetectionModel model = trainer.train(trainTraces, new TrainingOptions(6, org.vmpbd.detect.IdfVariant.SMOOTH,
            null, "demo guest (synthetic)"));
        codec.write(model, out.resolve("demo.vmpbd"));
        console.out().printf("trained on %d normal processes (%d calls): %d distinct windows of M=%d; model %s%n",
            model.training().processes(), model.training().calls(), model.library().rows(), model.m(),
            out.resolve("demo.vmpbd"));

        Detector detector = new Detector(model, IndexKind.SUBSET, AlarmRule.parse(rule, model.m()), epsilon);
        TrapTarget target = new TrapTarget(VM, Map.of("path", out.resolve("test.jsonl").toString(), "format", "events",
            "abi", abi.name()));
        LiveReplay.Outcome outcome = live.run(target, detector, TrapPump.Options.defaults(), new PumpListener() { });
        List<ProcessVerdict> verdicts = outcome.verdicts();
        printer.print(console.out(), abi, detector, verdicts, true, false);
        console.out().println("live path: test.jsonl replayed by the replay trap driver and pumped into the streaming "
            + "detector; " + outcome.sessionLine());
        if (outcome.died() || outcome.trap().dropped() > 0) {
            console.err().println("warning: the replay " + (outcome.died() ? "died: " + outcome.deathReason()
                : "dropped " + outcome.trap().dropped() + " events") + "; verdicts are partial");
        }

        Map<String, String> attackOf = new HashMap<>();
        for (SyntheticWorkload.Process a : attacks) {
            attackOf.put(VM + "/" + a.pid() + "/" + a.comm() + "/" + a.start(), a.attack());
        }
        int caught = 0;
        int falseAlarms = 0;
        for (ProcessVerdict v : verdicts) {
            String attack = attackOf.get(v.processId());
            if (attack != null && v.anomalous()) {
                caught++;
                console.out().println("detected injected " + attack + " in " + v.processId());
            } else if (attack != null) {
                console.out().println("MISSED injected " + attack + " in " + v.processId());
            } else if (v.anomalous()) {
                falseAlarms++;
            }
        }
        console.out().printf("injected attacks detected: %d/%d; held-out normal processes flagged: %d/%d%n",
            caught, attacks.size(), falseAlarms, normalTest.size());
        return 0;
    }
}
