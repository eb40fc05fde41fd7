package org.vmpbd.model;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.vmpbd.detect.DetectionModel;
import org.vmpbd.detect.ModelTrainer;
import org.vmpbd.detect.SyscallFilter;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.trace.ProcessTrace;
import org.vmpbd.trap.SyscallEvent;

/**
 * Learning mode: builds the models of an image's keys ({@link LearningScope}) from the processes of
 * VMs believed clean, until each key's window library stops growing or a time limit passes.
 *
 * <p><b>Input.</b> Either trapped {@link SyscallEvent}s ({@link #accept}), grouped into processes by
 * {@code (vm, pid, generation)} — a process ends when its pid starts a newer generation, when it
 * calls {@code exit_group}, or when the learner is closed — or finished processes
 * ({@link #acceptFinished}). A process goes to {@code (image, comm)} if that program is learnt
 * (listed, or any program with {@link LearningScope#everyProgram()}), and to {@code (image, *)} if
 * the image-wide model is. A process longer than the settings'
 * {@code maxProcessCalls} is cut into parts of that many calls, each part starting with the last
 * M−1 calls of the one before (so no window is lost); each part counts as a process. Every process
 * (part) is appended to the key's training corpus in the store.
 *
 * <p><b>Convergence rule.</b> A run's processes, in the order they end, form batches of K
 * ({@code batchProcesses}). For batch b let W_b be its training windows (Σ max(0, ℓ − M + 1) over its
 * processes, ℓ the length after the syscall filter) and N_b the number of distinct windows it adds
 * to the library of every earlier corpus process of the key (earlier runs included). Its growth is
 * G_b = 1000 · N_b / W_b new distinct windows per 1000 training windows; a batch with W_b = 0 is
 * skipped. Batch b is stable when G_b &lt; g ({@code growthPerThousand}); learning has converged at
 * the end of the first batch that completes C ({@code stableBatches}) consecutive stable batches.
 * Learning also ends, unconverged, when the clock reaches start + {@code timeLimit} (checked as
 * each process ends and on {@link #tick()}; the start survives restarts), or when the key's corpus
 * reaches {@code corpusMaxCalls} calls (at the process that reaches it).
 *
 * <p><b>End.</b> The model is trained on the key's whole corpus (so {@code vmpbd model retrain}
 * rebuilds it bit for bit) and becomes a candidate recording whether it converged and why it ended;
 * the promotion rule may make it active at once. A run with no window at all ends retired, without
 * a model.
 *
 * <p><b>Persistence.</b> Each complete batch is stored as a corpus segment with the run's progress in
 * one index change; on {@link #close()} the incomplete batch is stored too and the version stays
 * learning. A new learner on a key still learning resumes it: the corpus is replayed with the new
 * settings, giving the same batches as an uninterrupted run. A learner holds each key's learning
 * lock for its life, so one key has one learner at a time.
 *
 * <p>Not thread-safe: one thread (the trap pump's, or the command's) feeds a learner.
 */
public final class Learner implements AutoCloseable {
    /** How many processes may be open at once (events of further new processes are ignored, counted). */
    public static final int MAX_OPEN_PROCESSES = 65_536;
    /** With {@link LearningScope#everyProgram()}: at most this many program keys per learner (further programs are ignored, counted). */
    public static final int MAX_PROGRAMS = 1024;

    /** What a learner reports, on the feeding thread. */
    public interface Listener {
        /** A batch of a key ended (growth measured, stored). */
        default void batch(ModelKey key, BatchReport report) {
        }

        /** A key's learning ended: its version is now a candidate, active, or retired (nothing learnt). */
        default void ended(ModelKey key, KeyIndex.Version version) {
        }

        /** Events in {@code abi} cannot be learnt; said once per ABI, the events are counted. */
        default void refused(String abi, String reason) {
        }
    }

    /**
     * One batch's measurement.
     *
     * @param batch          1-based batch number within the run
     * @param growth         G_b, new distinct windows per 1000 training windows
     * @param stableStreak   consecutive stable batches ending with this one
     * @param processes      processes of the run so far
     */
    public record BatchReport(int version, int batch, int batchProcesses, long windows, int newWindows, double growth,
                              boolean stable, int stableStreak, int libraryWindows, int processes) {
    }

    /** Counters of what the learner was fed. */
    public record Counts(long events, long refused, long late, long ignored, long processes) {
    }

    private final ModelStore store;
    private final LearningScope scope;
    private final LearningSettings settings;
    private final String who;
    private final Listener listener;
    private final Abi abi;
    private final SyscallFilter filter;
    private final CaptureInfo capture;
    private final int exitGroup;
    private final Map<ModelKey, Run> runs = new LinkedHashMap<>();
    private final Map<String, Track> tracks = new HashMap<>();
    private final Set<String> refusedAbis = new HashSet<>();
    private final ModelTrainer trainer = new ModelTrainer();
    private int open;
    private long events;
    private long refused;
    private long late;
    private long ignored;
    private long processes;
    private boolean closed;

    /**
     * Starts (or resumes) learning every key of {@code scope}.
     *
     * @throws FilterMismatchException if the capture's ABI or filter is not the settings', or a key's corpus
     *                                 was captured otherwise
     * @throws ModelStoreException     if a key is being learnt by another learner, or its index is corrupt
     */
    public Learner(ModelStore store, LearningScope scope, LearningSettings settings, CaptureInfo capture, String who,
                   Listener listener) throws IOException {
        this.store = Objects.requireNonNull(store, "store");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.who = who == null || who.isBlank() ? "learner" : who;
        this.listener = listener == null ? new Listener() { } : listener;
        this.abi = settings.abi();
        this.filter = settings.filter();
        this.exitGroup = abi.numberOf("exit_group").orElse(-1);
        this.capture = Objects.requireNonNull(capture, "capture");
        try {
            List<ModelKey> keys = new ArrayList<>(scope.keys());
            if (scope.everyProgram()) {
                for (ModelKey k : store.keys()) {
                    if (k.image().equals(scope.image()) && !keys.contains(k)
                        && store.find(k).flatMap(KeyIndex::learning).isPresent()) {
                        keys.add(k);
                    }
                }
            }
            for (ModelKey key : keys) {
                runs.put(key, start(key, capture));
            }
            for (Run r : new ArrayList<>(runs.values())) {
                r.afterReplay();
            }
        } catch (IOException | RuntimeException e) {
            releaseAll();
            throw e;
        }
    }

    /** Whether every key has finished learning (nothing more to feed). */
    public boolean done() {
        return runs.values().stream().allMatch(r -> r.ended);
    }

    /** Every key this learner has learnt or is learning, in the order they started. */
    public List<ModelKey> keys() {
        return List.copyOf(runs.keySet());
    }

    /** Keys still learning. */
    public List<ModelKey> learning() {
        return runs.values().stream().filter(r -> !r.ended).map(r -> r.key).toList();
    }

    public Counts counts() {
        return new Counts(events, refused, late, ignored, processes);
    }

    /** Takes one trapped event. */
    public void accept(SyscallEvent e) throws IOException {
        requireOpen();
        events++;
        if (!e.abi().equals(abi.name())) {
            refused++;
            if (refusedAbis.add(e.abi())) {
                listener.refused(e.abi(), "events in ABI " + e.abi() + " are not learnt: this learner builds "
                    + abi.name() + " models");
            }
            return;
        }
        if (e.pid() < 0 || !abi.contains(e.nr()) || e.nr() == abi.unmapped()) {
            ignored++;
            return;
        }
        String who = e.vm() + "/" + e.pid();
        Track t = tracks.get(who);
        if (t == null || e.generation() > t.generation) {
            if (t != null && t.calls != null) {
                end(t);
            }
            t = new Track(e.vm(), e.pid(), e.comm(), e.generation(), wanted(e.comm()));
            if (t.calls != null && open >= MAX_OPEN_PROCESSES) {
                t.calls = null;
                ignored++;
            }
            if (t.calls != null) {
                open++;
            }
            tracks.put(who, t);
        } else if (e.generation() < t.generation) {
            late++;
            return;
        }
        if (t.calls == null) {
            return;
        }
        if (t.size == settings.maxProcessCalls()) {
            int[] part = Arrays.copyOf(t.calls, t.size);
            int keep = settings.m() - 1;
            System.arraycopy(t.calls, t.size - keep, t.calls, 0, keep);
            t.size = keep;
            route(new LearnedProcess(t.vm, t.pid, t.comm, part));
        }
        t.add(e.nr());
        if (e.nr() == exitGroup) {
            end(t);
        }
        tickIfDue();
    }

    /** Takes a whole finished process (e.g. from recorded traces). */
    public void acceptFinished(LearnedProcess p) throws IOException {
        requireOpen();
        for (int i = 0; i < p.calls().length; i++) {
            int c = p.calls()[i];
            if (!abi.contains(c)) {
                throw new IllegalArgumentException("process " + p.vm() + "/" + p.pid() + "/" + p.comm() + ": call #" + i
                    + " = " + c + " is outside ABI " + abi.name());
            }
        }
        if (!wanted(p.comm())) {
            ignored++;
            return;
        }
        int max = settings.maxProcessCalls();
        int keep = settings.m() - 1;
        int[] calls = p.calls();
        int from = 0;
        while (calls.length - from > max) {
            route(new LearnedProcess(p.vm(), p.pid(), p.comm(), Arrays.copyOfRange(calls, from, from + max)));
            from += max - keep;
        }
        route(from == 0 ? p : new LearnedProcess(p.vm(), p.pid(), p.comm(), Arrays.copyOfRange(calls, from,
            calls.length)));
    }

    /** Ends the keys whose time limit has passed. Call it now and then when no process ends for a while. */
    public void tick() throws IOException {
        Instant now = store.clock().instant();
        for (Run r : new ArrayList<>(runs.values())) {
            if (!r.ended && !now.isBefore(r.deadline)) {
                r.finish(false, "time limit of " + settings.timeLimit() + " reached");
            }
        }
    }

    private long lastTickEvents;

    private void tickIfDue() throws IOException {
        if (events - lastTickEvents >= 100_000) {
            lastTickEvents = events;
            tick();
        }
    }

    /**
     * Ends every open process (they go into the corpus), stores every key's incomplete batch and
     * progress, and releases the keys; keys that did not finish stay learning.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            for (Track t : new ArrayList<>(tracks.values())) {
                if (t.calls != null) {
                    end(t);
                }
            }
            tracks.clear();
            tick();
            for (Run r : runs.values()) {
                if (!r.ended) {
                    r.commit();
                }
            }
        } finally {
            closed = true;
            releaseAll();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("learner of " + scope.image() + " is closed");
        }
    }

    private boolean wanted(String comm) {
        for (Run r : runs.values()) {
            if (!r.ended && r.takes(comm)) {
                return true;
            }
        }
        return scope.everyProgram() && scope.canLearnProgram(comm)
            && !runs.containsKey(new ModelKey(scope.image(), comm)) && programs() < MAX_PROGRAMS;
    }

    private int programs() {
        return (int) runs.keySet().stream().filter(k -> !k.isImageWide()).count();
    }

    private void end(Track t) throws IOException {
        if (t.size > 0) {
            route(new LearnedProcess(t.vm, t.pid, t.comm, Arrays.copyOf(t.calls, t.size)));
        }
        t.calls = null;
        t.size = 0;
        open--;
    }

    private void route(LearnedProcess p) throws IOException {
        if (p.calls().length == 0) {
            return;
        }
        processes++;
        if (scope.everyProgram() && scope.canLearnProgram(p.comm())) {
            ModelKey k = new ModelKey(scope.image(), p.comm());
            if (!runs.containsKey(k)) {
                if (programs() >= MAX_PROGRAMS) {
                    ignored++;
                } else {
                    Run r = start(k, capture);
                    runs.put(k, r);
                    r.afterReplay();
                }
            }
        }
        for (Run r : new ArrayList<>(runs.values())) {
            if (!r.ended && r.takes(p.comm())) {
                r.add(p);
            }
        }
    }

    private Run start(ModelKey key, CaptureInfo capture) throws IOException {
        KeyLocks.Held lock = KeyLocks.tryLearningLock(store.directory(key));
        if (lock == null) {
            throw new ModelStoreException(key + " is being learnt by another learner (it holds "
                + store.directory(key).resolve(KeyLocks.LEARNING_LOCK) + ")");
        }
        try {
            KeyIndex.Version v = store.beginLearning(key, settings, capture, who);
            KeyIndex idx = store.index(key);
            Run run = new Run(key, v, lock);
            List<ProcessTrace> corpus = CorpusFiles.read(store.corpusDirectory(key), idx.corpus(), -1);
            run.replay(corpus, v.learning().firstProcess());
            return run;
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private void releaseAll() throws IOException {
        IOException first = null;
        for (Run r : runs.values()) {
            try {
                r.release();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private int[] filtered(int[] calls) {
        if (filter == null) {
            return calls;
        }
        int[] out = new int[calls.length];
        int k = 0;
        for (int c : calls) {
            if (filter.keeps(c)) {
                out[k++] = c;
            }
        }
        return k == calls.length ? calls : Arrays.copyOf(out, k);
    }

    /** The open process of one (vm, pid), or the generation it last had. */
    private static final class Track {
        final String vm;
        final int pid;
        final String comm;
        final long generation;
        int[] calls;
        int size;

        Track(String vm, int pid, String comm, long generation, boolean wanted) {
            this.vm = vm;
            this.pid = pid;
            this.comm = comm;
            this.generation = generation;
            this.calls = wanted ? new int[64] : null;
        }

        void add(int nr) {
            if (size == calls.length) {
                calls = Arrays.copyOf(calls, calls.length * 2);
            }
            calls[size++] = nr;
        }
    }

    /** One key's learning. */
    private final class Run {
        final ModelKey key;
        final int version;
        final Instant started;
        final Instant deadline;
        final String by;
        final int firstProcess;
        final WindowSet library;
        final List<ProcessTrace> traces = new ArrayList<>();
        final List<LearnedProcess> pending = new ArrayList<>();
        final List<Double> growth = new ArrayList<>();
        KeyLocks.Held lock;
        long corpusCalls;
        long corpusWindows;
        int runProcesses;
        long runWindows;
        int batches;
        int streak;
        int batchProcesses;
        long batchWindows;
        int batchNew;
        boolean ended;
        boolean replaying;

        Run(ModelKey key, KeyIndex.Version v, KeyLocks.Held lock) {
            this.key = key;
            this.version = v.version();
            this.started = v.learning().started();
            this.deadline = started.plus(settings.timeLimit());
            this.by = v.learning().by();
            this.firstProcess = v.learning().firstProcess();
            this.library = new WindowSet(settings.m(), abi.size());
            this.lock = lock;
        }

        boolean takes(String comm) {
            return key.isImageWide() || key.program().equals(comm);
        }

        /** Rebuilds the state of an interrupted run from the stored corpus. */
        void replay(List<ProcessTrace> corpus, int first) throws IOException {
            replaying = true;
            try {
                for (int i = 0; i < corpus.size(); i++) {
                    ProcessTrace t = corpus.get(i);
                    if (i < first) {
                        seed(t);
                    } else {
                        measure(t);
                    }
                }
            } finally {
                replaying = false;
            }
        }

        /** After a replay: a run that had already converged or run out ends now. */
        void afterReplay() throws IOException {
            if (streak >= settings.stableBatches()) {
                finish(true, convergedReason());
            } else if (corpusCalls >= settings.corpusMaxCalls()) {
                finish(false, "corpus cap of " + settings.corpusMaxCalls() + " calls reached");
            } else if (!store.clock().instant().isBefore(deadline)) {
                finish(false, "time limit of " + settings.timeLimit() + " reached");
            }
        }

        private void seed(ProcessTrace t) {
            traces.add(t);
            corpusCalls += t.length();
            int[] f = filtered(t.calls());
            corpusWindows += Math.max(0, f.length - settings.m() + 1);
            library.addAll(f);
        }

        void add(LearnedProcess p) throws IOException {
            ProcessTrace t = CorpusFiles.trace(p, traces.size(), abi, "learning corpus of " + key);
            pending.add(p);
            measure(t);
            if (ended) {
                return;
            }
            if (corpusCalls >= settings.corpusMaxCalls()) {
                finish(false, "corpus cap of " + settings.corpusMaxCalls() + " calls reached");
            } else if (!store.clock().instant().isBefore(deadline)) {
                finish(false, "time limit of " + settings.timeLimit() + " reached");
            }
        }

        private void measure(ProcessTrace t) throws IOException {
            traces.add(t);
            corpusCalls += t.length();
            int[] f = filtered(t.calls());
            long w = Math.max(0, f.length - settings.m() + 1);
            corpusWindows += w;
            int added = library.addAll(f);
            runProcesses++;
            runWindows += w;
            batchProcesses++;
            batchWindows += w;
            batchNew += added;
            if (batchProcesses < settings.batchProcesses()) {
                return;
            }
            boolean counted = batchWindows > 0;
            double g = counted ? 1000.0 * batchNew / batchWindows : 0;
            boolean stable = counted && g < settings.growthPerThousand();
            if (counted) {
                batches++;
                streak = stable ? streak + 1 : 0;
                growth.add(g);
            }
            BatchReport report = new BatchReport(version, batches, batchProcesses, batchWindows, batchNew, g, stable,
                streak, library.size(), runProcesses);
            batchProcesses = 0;
            batchWindows = 0;
            batchNew = 0;
            if (replaying) {
                return;
            }
            commit();
            if (counted) {
                listener.batch(key, report);
            }
            if (streak >= settings.stableBatches()) {
                finish(true, convergedReason());
            }
        }

        String convergedReason() {
            return "converged: fewer than " + settings.growthPerThousand() + " new windows per 1000 in "
                + settings.stableBatches() + " consecutive batches of " + settings.batchProcesses() + " processes";
        }

        KeyIndex.Learning progress() {
            return new KeyIndex.Learning(started, by, settings, firstProcess, runProcesses, batches, streak, runWindows,
                library.size(), growth);
        }

        /** Stores the pending processes as a segment and the progress. */
        void commit() throws IOException {
            store.commitBatch(key, version, List.copyOf(pending), progress());
            pending.clear();
        }

        void finish(boolean converged, String reason) throws IOException {
            if (ended) {
                return;
            }
            commit();
            DetectionModel model = null;
            if (corpusWindows > 0) {
                try {
                    model = trainer.train(traces, settings.trainingOptions(key.toString()));
                } catch (IllegalArgumentException e) {
                    throw new ModelStoreException(key + ": cannot train on the learnt corpus: " + e.getMessage(), e);
                }
            }
            boolean promote = model != null && (settings.promotion() == LearningSettings.Promotion.ALWAYS
                || (settings.promotion() == LearningSettings.Promotion.ON_CONVERGENCE && converged));
            KeyIndex.Version v = store.finishLearning(key, version, model, traces.size(), converged,
                model == null ? reason + "; nothing learnt (no process had M calls)" : reason, promote, who);
            ended = true;
            traces.clear();
            release();
            listener.ended(key, v);
        }

        void release() throws IOException {
            if (lock != null) {
                KeyLocks.Held l = lock;
                lock = null;
                l.close();
            }
        }
    }
}
