package org.vmpbd.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.vmpbd.detect.IdfVariant;
import org.vmpbd.detect.SyscallFilter;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.detect.trace.ProcessTrace;
import org.vmpbd.detect.trace.TraceReader;
import org.vmpbd.detect.trace.Traces;
import org.vmpbd.model.CaptureInfo;
import org.vmpbd.model.KeyIndex;
import org.vmpbd.model.LearnedProcess;
import org.vmpbd.model.Learner;
import org.vmpbd.model.LearningScope;
import org.vmpbd.model.LearningSettings;
import org.vmpbd.model.ModelKey;
import org.vmpbd.model.ModelState;
import org.vmpbd.model.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vmpbd model learn}: feeds recorded traces through the learner, as a live learning session
 * would, and reports convergence batch by batch.
 */
@Command(name = "learn", mixinStandardHelpOptions = true,
    description = {"Learn IMAGE/PROGRAM (with --program) or IMAGE/* from recorded traces of clean VMs, until the "
        + "window library stops growing (fewer than --growth new windows per 1000 in --stable consecutive batches of "
        + "--batch processes) or the time limit; then the version is a candidate (or active, by --promotion).",
        "Event logs name each process's program: with --program only that program's processes are learnt. UNM and "
            + "ADFA traces do not: with --program every trace counts as that program. Processes are learnt in the "
            + "order the reader gives them. A run that has not converged when the traces end stays learning; the "
            + "next 'model learn' of the key resumes it."})
final class ModelLearnCommand implements Callable<Integer> {
    private final CliModule.Console console;

    @Mixin
    StoreOption store;

    @Mixin
    ByOption by;

    @Option(names = "--image", required = true, paramLabel = "IMAGE", description = "The image (or VM) learnt.")
    String image;

    @Option(names = "--program", paramLabel = "COMM",
        description = "Learn IMAGE/COMM only (default: the image-wide model IMAGE/*, from every process).")
    String program;

    @Option(names = "--every-program",
        description = "Learn IMAGE/* and IMAGE/COMM for every program in the traces, each converging on its own "
            + "(event logs only: they name each process's program).")
    boolean everyProgram;

    @Option(names = "--format", defaultValue = "events",
        description = "Trace format: events, unm, adfa or adfa-recursive (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--abi", defaultValue = Abis.LINUX_X86_64,
        description = "System-call numbering of the traces and the model (default: ${DEFAULT-VALUE}).")
    String abi;

    @Option(names = {"-M", "--window"}, defaultValue = "6", description = "Window length M (default: ${DEFAULT-VALUE}).")
    int m;

    @Option(names = "--idf", defaultValue = "smooth", description = "IDF variant: paper or smooth (default: ${DEFAULT-VALUE}).")
    IdfVariant idf;

    @Option(names = "--filter", paramLabel = "CALLS",
        description = "Syscall filter (comma-separated names or numbers): the traces are taken as captured with it "
            + "(other calls dropped, as the trap would) and the model is built with it.")
    String filter;

    @Option(names = "--batch", defaultValue = "" + LearningSettings.DEFAULT_BATCH, paramLabel = "K",
        description = "Processes per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--growth", defaultValue = "" + LearningSettings.DEFAULT_GROWTH, paramLabel = "G",
        description = "A batch is stable below G new distinct windows per 1000 training windows (default: ${DEFAULT-VALUE}).")
    double growth;

    @Option(names = "--stable", defaultValue = "" + LearningSettings.DEFAULT_STABLE, paramLabel = "C",
        description = "Converged after C consecutive stable batches (default: ${DEFAULT-VALUE}).")
    int stable;

    @Option(names = "--time-limit", defaultValue = "7d", paramLabel = "DURATION",
        description = "Learning ends unconverged at this age: 90s, 30m, 12h, 7d or ISO-8601 (default: ${DEFAULT-VALUE}).")
    String timeLimit;

    @Option(names = "--corpus-cap", defaultValue = "" + LearningSettings.DEFAULT_CORPUS_MAX_CALLS, paramLabel = "CALLS",
        description = "Learning ends when the key's stored corpus reaches this many calls (default: ${DEFAULT-VALUE}).")
    long corpusCap;

    @Option(names = "--promotion", defaultValue = "manual", paramLabel = "RULE",
        description = "When learning ends: manual (vmpbd model promote), on-convergence, or always (default: "
            + "${DEFAULT-VALUE}).")
    String promotion;

    @Option(names = "--vm", defaultValue = "recorded", paramLabel = "NAME",
        description = "VM name recorded in the corpus for UNM and ADFA traces (default: ${DEFAULT-VALUE}).")
    String vm;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Trace files or directories.")
    List<Path> paths;

    @Inject
    ModelLearnCommand(CliModule.Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        Abi a = Abis.byName(abi);
        SyscallFilter f = filter == null ? null : SyscallFilter.parse(a, filter);
        LearningSettings settings = new LearningSettings(a, m, idf, f, batch, growth, stable, duration(timeLimit),
            corpusCap, LearningSettings.DEFAULT_MAX_PROCESS_CALLS, LearningSettings.Promotion.parse(promotion));
        boolean wide = program == null || program.equals(ModelKey.ANY_PROGRAM);
        if (everyProgram && !wide) {
            throw new IllegalArgumentException("--every-program and --program exclude each other");
        }
        if (everyProgram && !format.equals("events")) {
            throw new IllegalArgumentException("--every-program needs event logs (--format events): " + format
                + " traces do not name their programs");
        }
        LearningScope scope = everyProgram ? LearningScope.everyProgram(image)
            : wide ? LearningScope.imageWide(image) : LearningScope.program(image, program);
        ModelKey key = scope.keys().get(0);
        Progress progress = new Progress(console.err(), !noProgress);
        List<LearnedProcess> processes = read(a, f, progress);
        if (!wide && format.equals("events") && processes.stream().noneMatch(p -> p.comm().equals(program))) {
            TreeSet<String> seen = new TreeSet<>();
            processes.forEach(p -> seen.add(p.comm()));
            throw new IllegalArgumentException("no process of program '" + program + "' in the traces (programs: "
                + String.join(", ", seen) + ")");
        }
        List<LearnedProcess> wanted = processes.stream().filter(p -> wide || p.comm().equals(program)).toList();
        ModelStore s = store.store();
        Reporter reporter = new Reporter();
        int fed = 0;
        List<ModelKey> keys;
        try (Learner learner = new Learner(s, scope, settings, new CaptureInfo(a, f), by.who(), reporter)) {
            console.out().printf("learning %s into %s%n", key, s.directory(key));
            if (wanted.size() < processes.size()) {
                console.out().printf("%d of the %d processes in the traces are %s's%n", wanted.size(), processes.size(),
                    program);
            }
            try (Progress.Bar bar = progress.bar("learn " + key, wanted.size())) {
                reporter.bar = bar;
                for (LearnedProcess p : wanted) {
                    if (learner.done()) {
                        break;
                    }
                    learner.acceptFinished(p);
                    bar.stepTo(++fed);
                }
                learner.tick();
            }
            keys = learner.keys();
        }
        reporter.lines.forEach(console.out()::println);
        for (ModelKey k : keys) {
            KeyIndex.Version v = reporter.ended.get(k);
            report(k, v != null ? v : s.index(k).learning().orElseThrow(), keys.size() == 1 ? fed : 0,
                keys.size() == 1 ? wanted.size() : 0);
        }
        return 0;
    }

    private void report(ModelKey key, KeyIndex.Version v, int fed, int total) {
        var out = console.out();
        if (v.state() == ModelState.LEARNING) {
            out.printf("%s v%d: still learning after %s; %s%n", key, v.version(), ModelText.progress(v.learning()),
                "feed more traces with vmpbd model learn, or stop now with: vmpbd model promote " + key + " --version "
                    + v.version());
            return;
        }
        String used = fed < total ? " (the last " + (total - fed) + " of its " + total + " processes in the traces were "
            + "not needed)" : "";
        if (v.file() == null) {
            out.printf("%s v%d: %s; retired%n", key, v.version(), v.endReason());
            return;
        }
        out.printf("%s v%d: %s%s%n", key, v.version(), v.endReason(), used);
        out.printf("%s v%d: model of %d processes, library %d windows, M=%d, IDF %s; %s%n", key, v.version(),
            v.training().processes(), v.training().libraryWindows(), v.training().m(), v.training().idf(),
            v.state() == ModelState.ACTIVE ? "active (promoted by rule)"
                : ModelText.state(v) + "; promote with: vmpbd model promote " + key + " --version " + v.version());
    }

    private List<LearnedProcess> read(Abi a, SyscallFilter f, Progress progress) throws java.io.IOException {
        TraceReader reader = Traces.reader(format);
        List<ProcessTrace> traces = new ArrayList<>();
        for (Path p : paths) {
            try (Progress.Bar bar = progress.lazyBar("read " + p.getFileName())) {
                traces.addAll(reader.readWithReport(p, a, bar::filesRead).traces());
            }
        }
        List<LearnedProcess> out = new ArrayList<>(traces.size());
        int ordinal = 0;
        for (ProcessTrace t : traces) {
            ordinal++;
            LearnedProcess p = format.equals("events") ? fromEventLog(t) : fromFile(t, ordinal);
            int[] calls = p.calls();
            if (f != null) {
                calls = java.util.Arrays.stream(calls).filter(f::keeps).toArray();
            }
            if (calls.length > 0) {
                out.add(new LearnedProcess(p.vm(), p.pid(), p.comm(), calls));
            }
        }
        return out;
    }

    /** {@code vm/pid/comm/start}: VM names hold no '/', a comm may. */
    private static LearnedProcess fromEventLog(ProcessTrace t) {
        String id = t.id();
        int afterVm = id.indexOf('/');
        int afterPid = afterVm < 0 ? -1 : id.indexOf('/', afterVm + 1);
        int beforeStart = id.lastIndexOf('/');
        if (afterPid < 0 || beforeStart <= afterPid) {
            throw new IllegalArgumentException("event-log process id '" + id + "' is not vm/pid/comm/start");
        }
        return new LearnedProcess(id.substring(0, afterVm), Integer.parseInt(id.substring(afterVm + 1, afterPid)),
            id.substring(afterPid + 1, beforeStart), t.calls());
    }

    /** UNM {@code file#pid}, ADFA a file path: the program is --program, else the file's stem. */
    private LearnedProcess fromFile(ProcessTrace t, int ordinal) {
        String id = t.id();
        int hash = format.equals("unm") ? id.lastIndexOf('#') : -1;
        String file = hash < 0 ? id : id.substring(0, hash);
        String name = file.substring(file.lastIndexOf('/') + 1);
        int dot = name.indexOf('.');
        String stem = dot <= 0 ? name : name.substring(0, dot);
        int pid = ordinal;
        if (hash >= 0) {
            try {
                pid = Integer.parseInt(id.substring(hash + 1));
            } catch (NumberFormatException e) {
                pid = ordinal;
            }
        }
        String comm = program != null && !program.equals(ModelKey.ANY_PROGRAM) ? program : stem.isEmpty() ? "?" : stem;
        return new LearnedProcess(vm, Math.max(pid, 0), comm, t.calls());
    }

    /** {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d} or ISO-8601 ({@code PT1H}, {@code P7D}). */
    static Duration duration(String text) {
        String s = text.trim();
        try {
            if (s.matches("\\d+[smhd]")) {
                long n = Long.parseLong(s.substring(0, s.length() - 1));
                return switch (s.charAt(s.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("time limit '" + text + "' is not a duration (90s, 30m, 12h, 7d or "
                + "ISO-8601 such as PT1H)");
        }
    }

    /** Keeps a line per batch (printed once the bar is done), moves the bar's note, remembers the end. */
    private final class Reporter implements Learner.Listener {
        final List<String> lines = new ArrayList<>();
        final java.util.Map<ModelKey, KeyIndex.Version> ended = new java.util.HashMap<>();
        Progress.Bar bar;

        @Override
        public void batch(ModelKey k, Learner.BatchReport r) {
            String line = String.format(Locale.ROOT, "batch %d: %d processes, %d windows, %d new = %.2f per 1000 (%s, "
                    + "%d/%d stable), library %d windows", r.batch(), r.batchProcesses(), r.windows(), r.newWindows(),
                r.growth(), r.stable() ? "stable" : "growing", r.stableStreak(), stable, r.libraryWindows());
            lines.add(k + " " + line);
            if (bar != null) {
                bar.extra(String.format(Locale.ROOT, "%s batch %d: %.2f new/1000, %d/%d stable", k.program(), r.batch(),
                    r.growth(), r.stableStreak(), stable));
            }
        }

        @Override
        public void ended(ModelKey k, KeyIndex.Version version) {
            ended.put(k, version);
        }
    }
}
