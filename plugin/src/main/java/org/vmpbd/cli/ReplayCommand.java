package org.vmpbd.cli;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vmpbd.detect.Alarm;
import org.vmpbd.detect.AlarmRule;
import org.vmpbd.detect.AlarmWindow;
import org.vmpbd.detect.DetectionModel;
import org.vmpbd.detect.Detector;
import org.vmpbd.detect.IndexKind;
import org.vmpbd.detect.ModelCodec;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.AbiMapping;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.detect.abi.SocketCallMode;
import org.vmpbd.trap.EventLogRecorder;
import org.vmpbd.trap.PumpListener;
import org.vmpbd.trap.SyscallEvent;
import org.vmpbd.trap.TrapPump;
import org.vmpbd.trap.TrapTarget;
import org.vmpbd.trap.replay.ReplaySettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vmpbd replay}: the live path from an operator's seat. Replays a trace set through the
 * replay trap driver at a rate, pumps the session into a streaming detector, prints alarms as they
 * happen, then the verdicts and the session's counters.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Replay a trace set as a live trap session at a rate into a detector: alarms as they happen, "
        + "then the verdicts and the session's counters (trapped, buffered, dropped, processes).")
final class ReplayCommand implements Callable<Integer> {
    private final ModelCodec codec;
    private final LiveReplay live;
    private final VerdictPrinter printer;
    private final CliModule.Console console;

    @Parameters(paramLabel = "PATH", description = "Trace file or directory.")
    Path path;

    @Option(names = "--format", defaultValue = "unm",
        description = "Trace format: unm, adfa, adfa-recursive or events (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--abi", defaultValue = Abis.LINUX_I386,
        description = "System-call numbering of the traces: linux-i386, linux-x86_64 or sunos (default: ${DEFAULT-VALUE}).")
    String abi;

    @Option(names = {"-m", "--model"}, required = true, description = "Model file (from vmpbd train).")
    Path modelFile;

    @Option(names = "--vm", defaultValue = "replay", description = "VM name the events carry (default: ${DEFAULT-VALUE}).")
    String vm;

    @Option(names = "--rate", defaultValue = "0",
        description = "Events per second; 0 replays as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--buffer", defaultValue = "" + ReplaySettings.DEFAULT_BUFFER,
        description = "Session buffer capacity; a full buffer drops and counts events (default: ${DEFAULT-VALUE}).")
    int buffer;

    @Option(names = "--sequential", description = "One process after another instead of interleaved bursts.")
    boolean sequential;

    @Option(names = "--loop", defaultValue = "1", description = "Replay the set this many times (default: ${DEFAULT-VALUE}).")
    int loop;

    @Option(names = "--index", defaultValue = "subset",
        description = "Similarity index: scan, kdtree or subset (default: ${DEFAULT-VALUE}).")
    IndexKind index;

    @Option(names = "--rule", defaultValue = "frame",
        description = "Alarm rule: consecutive, consecutive:R, frame, frame:r/L (default: ${DEFAULT-VALUE}).")
    String rule;

    @Option(names = {"-e", "--epsilon"}, defaultValue = "0.6",
        description = "Similarity threshold epsilon in (0,1] (default: ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = "--lanes", description = "Detector lanes (default: available cores).")
    Integer lanes;

    @Option(names = "--map",
        description = "Map events of another ABI into the model's by vmpbd's explicit table instead of refusing them.")
    boolean map;

    @Option(names = "--socketcall", defaultValue = "multiplexed",
        description = "With --map: multiplexed or direct i386 socket/IPC calls (default: ${DEFAULT-VALUE}).")
    SocketCallMode socketCall;

    @Option(names = "--record", paramLabel = "FILE",
        description = "Also record the trapped events as an event log (.gz: gzip).")
    Path record;

    @Option(names = "--all", description = "Print every process's verdict, not only anomalous ones.")
    boolean all;

    @Option(names = "--json", description = "Verdicts as JSON Lines on stdout; alarms and counters go to stderr.")
    boolean json;

    @Inject
    ReplayCommand(ModelCodec codec, LiveReplay live, VerdictPrinter printer, CliModule.Console console) {
        this.codec = codec;
        this.live = live;
        this.printer = printer;
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        DetectionModel model = codec.read(modelFile);
        Abi traceAbi = Abis.byName(abi);
        if (map) {
            AbiMapping.between(traceAbi, model.abi(), socketCall);
        } else {
            model.requireAbi(traceAbi, "the replayed traces");
        }
        Detector detector = new Detector(model, index, AlarmRule.parse(rule, model.m()), epsilon);
        TrapTarget target = new TrapTarget(vm, Map.of("path", path.toString(), "format", format, "abi", abi,
            "rate", String.valueOf(rate), "buffer", String.valueOf(buffer), "interleave", String.valueOf(!sequential),
            "loop", String.valueOf(loop)));
        TrapPump.Options options = new TrapPump.Options(lanes == null ? Runtime.getRuntime().availableProcessors() : lanes,
            map, socketCall);
        PrintStream notes = json ? console.err() : console.out();
        console.err().printf("replaying %s (%s, %s) as VM %s at %s, %s%s into model %s%n", path, format, abi, vm,
            rate > 0 ? (rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate)) + " events/s"
                : "full speed", sequential ? "one process after another" : "interleaved",
            loop > 1 ? ", " + loop + " times" : "", modelFile);

        LiveReplay.Outcome outcome;
        try (Operator operator = new Operator(notes, console.err(), model.abi(), record == null ? null
            : EventLogRecorder.open(record))) {
            outcome = live.run(target, detector, options, operator);
            printer.print(console.out(), model.abi(), detector, outcome.verdicts(), all, json);
            notes.println(outcome.sessionLine());
            notes.println(outcome.pumpLine());
            operator.reportRecording(record);
        }
        if (outcome.died()) {
            console.err().println("vmpbd replay: the trap session died: " + outcome.deathReason());
            return 1;
        }
        return 0;
    }

    /** Prints alarms as they happen, refusals and errors; records events if asked. */
    private static final class Operator implements PumpListener, AutoCloseable {
        private final PrintStream alarms;
        private final PrintStream err;
        private final Abi abi;
        private final EventLogRecorder recorder;
        private boolean recordingFailed;

        Operator(PrintStream alarms, PrintStream err, Abi abi, EventLogRecorder recorder) {
            this.alarms = alarms;
            this.err = err;
            this.abi = abi;
            this.recorder = recorder;
        }

        @Override
        public void polled(List<SyscallEvent> events) {
            if (recorder == null || recordingFailed) {
                return;
            }
            try {
                recorder.recordAll(events);
            } catch (IOException e) {
                recordingFailed = true;
                err.println("warning: recording stopped: " + e.getMessage());
            }
        }

        @Override
        public void refused(String eventAbi, String reason) {
            err.println("warning: " + reason);
        }

        @Override
        public void alarm(Alarm a) {
            if (a.windows().isEmpty()) {
                alarms.printf("ALARM %s at window %d (%s)%n", a.processId(), a.windowIndex(), a.rule());
                return;
            }
            AlarmWindow last = a.windows().get(a.windows().size() - 1);
            StringBuilder calls = new StringBuilder();
            for (int c : last.calls()) {
                calls.append(calls.length() == 0 ? "" : " ").append(abi.nameOf(c));
            }
            alarms.printf("ALARM %s at window %d (%s): sim=%.3f  %s%n", a.processId(), a.windowIndex(), a.rule(),
                last.similarity(), calls);
        }

        @Override
        public void error(RuntimeException e) {
            err.println("warning: " + e.getMessage());
        }

        void reportRecording(Path file) throws IOException {
            if (recorder != null) {
                recorder.flush();
                alarms.printf("recorded %d events to %s (%d skipped: unknown pid, ABI or number)%n", recorder.written(),
                    file, recorder.skipped());
            }
        }

        @Override
        public void close() throws IOException {
            if (recorder != null) {
                recorder.close();
            }
        }
    }
}
