package org.vmpbd.model;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.vmpbd.detect.DetectionModel;
import org.vmpbd.detect.IdfVariant;
import org.vmpbd.detect.ModelCodec;
import org.vmpbd.detect.ModelFormatException;
import org.vmpbd.detect.ModelTrainer;
import org.vmpbd.detect.SyscallFilter;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.detect.trace.ProcessTrace;

/**
 * Models on disk, by {@link ModelKey}, with versions, states and a training corpus per key.
 *
 * <pre>
 * ROOT/IMAGE/PROGRAM/             one key (parts percent-encoded, see ModelKey; the fallback is %2A)
 *   index.json                    the key's KeyIndex: versions, states, activation stack, corpus, history
 *   index.prev.json               the index as it was before the last change
 *   vN.vmpbd                      model version N (ModelCodec format), never rewritten once recorded
 *   corpus/seg-NNNNNN.jsonl.gz    the training corpus, gzip event logs of whole processes
 *   .lock, .learning.lock         writer lock, learner lock
 * </pre>
 *
 * <p>Every write is atomic ({@link AtomicFiles}: temp file, fsync, atomic rename, fsync of the
 * directory). A new model file or corpus segment is written before the index that records it, so a
 * crash leaves either the old index (and an unrecorded file, never reused: version and segment
 * numbers skip files already on disk) or the new one. Writers of a key hold its lock
 * ({@link KeyLocks}); readers take none and always see a whole index and whole files. An index that
 * does not parse or is inconsistent is never overwritten: every operation on its key fails naming
 * the file, and nothing is changed. Thread-safe.
 */
public final class ModelStore {
    public static final String INDEX = "index.json";
    public static final String PREVIOUS_INDEX = "index.prev.json";

    private final Path root;
    private final Clock clock;
    private final AtomicFiles files;
    private final KeyLocks locks = new KeyLocks();
    private final IndexCodec indexCodec = new IndexCodec();
    private final ModelCodec codec = new ModelCodec();
    private final ModelTrainer trainer = new ModelTrainer();

    public ModelStore(Path root, Clock clock) {
        this(root, clock, new AtomicFiles());
    }

    ModelStore(Path root, Clock clock, AtomicFiles files) {
        this.root = root.toAbsolutePath().normalize();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.files = files;
    }

    /** A version with its model, loaded and checked. */
    public record Loaded(ModelKey key, KeyIndex.Version version, DetectionModel model) {
    }

    public Path root() {
        return root;
    }

    public Clock clock() {
        return clock;
    }

    public Path directory(ModelKey key) {
        return root.resolve(ModelKey.directoryName(key.image())).resolve(ModelKey.directoryName(key.program()));
    }

    public Path indexFile(ModelKey key) {
        return directory(key).resolve(INDEX);
    }

    public Path modelFile(ModelKey key, int version) {
        return directory(key).resolve(fileName(version));
    }

    public Path corpusDirectory(ModelKey key) {
        return directory(key).resolve(CorpusFiles.DIR);
    }

    // ---------------------------------------------------------------- reading

    /** Every key with an index, sorted (each image's fallback first). */
    public List<ModelKey> keys() throws IOException {
        List<ModelKey> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> images = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path image : images) {
                try (DirectoryStream<Path> programs = Files.newDirectoryStream(image,
                    p -> Files.isRegularFile(p.resolve(INDEX)))) {
                    for (Path program : programs) {
                        key(image, program).ifPresent(out::add);
                    }
                }
            }
        }
        out.sort(null);
        return out;
    }

    private static Optional<ModelKey> key(Path imageDir, Path programDir) {
        try {
            return Optional.of(new ModelKey(ModelKey.fromDirectoryName(imageDir.getFileName().toString()),
                ModelKey.fromDirectoryName(programDir.getFileName().toString())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The key's index, or empty if nothing was ever stored for it.
     *
     * @throws ModelStoreException naming the file if the index is corrupt
     */
    public Optional<KeyIndex> find(ModelKey key) throws IOException {
        Path file = indexFile(key);
        byte[] data;
        try {
            data = AtomicFiles.read(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(indexCodec.decode(data, file, key));
    }

    /** Decodes the key's index from bytes read from its file. */
    KeyIndex decode(byte[] data, ModelKey key) {
        return indexCodec.decode(data, indexFile(key), key);
    }

    /** @throws ModelStoreException if the key has no index */
    public KeyIndex index(ModelKey key) throws IOException {
        return find(key).orElseThrow(() -> new ModelStoreException("no models for " + key + " in the store at " + root));
    }

    /**
     * Version {@code version}'s model, checked against its index record (SHA-256) and whole (the codec's CRC).
     *
     * @throws ModelStoreException if the version is unknown, still learning, or its file is missing or corrupt
     */
    public DetectionModel load(ModelKey key, int version) throws IOException {
        return load(key, version(index(key), version));
    }

    private DetectionModel load(ModelKey key, KeyIndex.Version v) throws IOException {
        if (v.state() == ModelState.LEARNING) {
            throw new ModelStoreException(key + " v" + v.version() + " is still learning: it has no model yet");
        }
        if (v.file() == null) {
            throw new ModelStoreException(key + " v" + v.version() + " has no model (" + v.endReason() + ")");
        }
        Path file = directory(key).resolve(v.file());
        byte[] data;
        try {
            data = AtomicFiles.read(file);
        } catch (NoSuchFileException e) {
            throw new ModelStoreException(file + ": model file of " + key + " v" + v.version()
                + " is missing (the index records it)");
        }
        String sha = sha256(data);
        if (!sha.equals(v.sha256())) {
            throw new ModelStoreException(file + ": model file of " + key + " v" + v.version() + " is corrupt or was "
                + "replaced (SHA-256 " + sha + ", the index recorded " + v.sha256() + ")");
        }
        try {
            return codec.decode(data, file.toString());
        } catch (ModelFormatException e) {
            throw new ModelStoreException(e.getMessage(), e);
        }
    }

    /** The key's active version, loaded; empty if none is active (or the key is unknown). */
    public Optional<Loaded> active(ModelKey key) throws IOException {
        Optional<KeyIndex> idx = find(key);
        if (idx.isEmpty() || idx.get().active().isEmpty()) {
            return Optional.empty();
        }
        KeyIndex.Version v = version(idx.get(), idx.get().active().getAsInt());
        return Optional.of(new Loaded(key, v, load(key, v)));
    }

    /** The key's training corpus, in order, every segment checked. */
    public List<ProcessTrace> corpus(ModelKey key) throws IOException {
        return CorpusFiles.read(corpusDirectory(key), index(key).corpus(), -1);
    }

    /**
     * Files in the key's directory its index does not record: model files and corpus segments left
     * by an interrupted write or a lost index, and writers' temp files. Never reused, never deleted
     * (temp files excepted, which the next writer removes).
     */
    public List<String> strays(ModelKey key) throws IOException {
        Optional<KeyIndex> idx = find(key);
        Set<String> known = idx.map(i -> i.versions().stream().map(KeyIndex.Version::file).filter(Objects::nonNull)
            .collect(Collectors.toSet())).orElse(Set.of());
        Set<String> segs = idx.map(i -> i.corpus().segments().stream().map(KeyIndex.Segment::file)
            .collect(Collectors.toSet())).orElse(Set.of());
        List<String> out = new ArrayList<>();
        Path dir = directory(key);
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, Files::isRegularFile)) {
                for (Path p : ds) {
                    String n = p.getFileName().toString();
                    if (AtomicFiles.isTemp(p) || (n.matches("v\\d+\\.vmpbd") && !known.contains(n))) {
                        out.add(n);
                    }
                }
            }
        }
        Path cdir = corpusDirectory(key);
        if (Files.isDirectory(cdir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(cdir, Files::isRegularFile)) {
                for (Path p : ds) {
                    String n = p.getFileName().toString();
                    if (AtomicFiles.isTemp(p) || !segs.contains(n)) {
                        out.add(CorpusFiles.DIR + "/" + n);
                    }
                }
            }
        }
        out.sort(null);
        return out;
    }

    // ---------------------------------------------------------------- changing

    /** Adds {@code model} (trained elsewhere, e.g. by {@code vmpbd train}) as a new candidate version. */
    public KeyIndex.Version importModel(ModelKey key, DetectionModel model, String who, String why) throws IOException {
        return update(key, idx -> {
            Instant now = now();
            int n = allocate(key, idx);
            KeyIndex.Version v = writeModel(key, n, now, "imported", model, -1, null, null,
                "imported" + (why == null || why.isBlank() ? "" : ": " + why));
            KeyIndex out = idx.withVersion(v).withEvent(new KeyIndex.Event(now, "imported", n, who, text(why)));
            return new Change<>(out, v);
        });
    }

    /**
     * Makes a version the active one; the previously active version is retired. Without a version,
     * the newest candidate. A version still learning is first finished from its corpus so far (a
     * candidate that did not converge), unless a learner is running on it.
     *
     * @return the version now active
     */
    public KeyIndex.Version promote(ModelKey key, Integer version, String who, String why) throws IOException {
        KeyIndex existing = index(key);
        int target;
        if (version != null) {
            target = version(existing, version).version();
        } else {
            target = existing.newestCandidate().map(KeyIndex.Version::version).orElseThrow(() -> new ModelStoreException(
                key + " has no candidate version to promote" + existing.learning().map(l -> " (v" + l.version()
                    + " is still learning; promote it by number to stop learning now and use what it has learnt)")
                    .orElse("")));
        }
        if (version(existing, target).state() == ModelState.LEARNING) {
            return promoteLearning(key, target, who, why);
        }
        return update(key, idx -> {
            KeyIndex.Version v = version(idx, target);
            if (v.state() == ModelState.ACTIVE) {
                throw new ModelStoreException(key + " v" + target + " is already active");
            }
            if (v.state() == ModelState.LEARNING) {
                throw new ModelStoreException(key + " v" + target + " is learning again; promote it once more");
            }
            load(key, v);
            KeyIndex out = activate(idx, v, new KeyIndex.Stamp(now(), who, text(why)), "promoted");
            return new Change<>(out, version(out, target));
        });
    }

    private KeyIndex.Version promoteLearning(ModelKey key, int target, String who, String why) throws IOException {
        try (KeyLocks.Held held = KeyLocks.tryLearningLock(directory(key))) {
            if (held == null) {
                throw new ModelStoreException(key + " v" + target + " is being learnt by a running learner (it holds "
                    + directory(key).resolve(KeyLocks.LEARNING_LOCK) + "); stop it or wait until it ends");
            }
            KeyIndex idx = index(key);
            KeyIndex.Version v = version(idx, target);
            if (v.state() != ModelState.LEARNING || v.learning() == null) {
                throw new ModelStoreException(key + " v" + target + " is no longer learning; promote it once more");
            }
            List<ProcessTrace> corpus = CorpusFiles.read(corpusDirectory(key), idx.corpus(), -1);
            if (corpus.isEmpty()) {
                throw new ModelStoreException(key + " v" + target + " has learnt nothing yet (its corpus is empty)");
            }
            DetectionModel model = train(key, corpus, v.learning().settings().trainingOptions(key.toString()));
            String reason = "stopped before convergence by " + who + (why == null || why.isBlank() ? "" : ": " + why);
            return update(key, now -> {
                KeyIndex.Version cur = version(now, target);
                if (cur.state() != ModelState.LEARNING) {
                    throw new ModelStoreException(key + " v" + target + " is no longer learning; promote it once more");
                }
                KeyIndex.Version done = finished(key, cur, model, corpus.size(), false, reason);
                KeyIndex out = now.withVersion(done).withEvent(new KeyIndex.Event(now(), "learning stopped", target, who,
                    reason));
                out = activate(out, done, new KeyIndex.Stamp(now(), who, text(why)), "promoted");
                return new Change<>(out, version(out, target));
            });
        }
    }

    /**
     * Retires the active version and activates the one that was active before it.
     *
     * @return the version now active
     */
    public KeyIndex.Version rollback(ModelKey key, String who, String why) throws IOException {
        index(key);
        return update(key, idx -> {
            List<Integer> stack = new ArrayList<>(idx.activeStack());
            if (stack.isEmpty()) {
                throw new ModelStoreException(key + " has no active version to roll back");
            }
            if (stack.size() < 2) {
                throw new ModelStoreException(key + " v" + stack.get(0) + " is the first version ever active: there is "
                    + "no earlier one to roll back to");
            }
            int current = stack.remove(stack.size() - 1);
            int previous = stack.get(stack.size() - 1);
            KeyIndex.Version back = version(idx, previous);
            load(key, back);
            Instant now = now();
            String reason = text(why).isEmpty() ? "rolled back" : "rolled back: " + why;
            KeyIndex out = idx.withVersion(version(idx, current).retiredBy(new KeyIndex.Stamp(now, who, reason)))
                .withVersion(back.promotedBy(new KeyIndex.Stamp(now, who, "rollback from v" + current
                    + (text(why).isEmpty() ? "" : ": " + why))))
                .withActiveStack(stack)
                .withEvent(new KeyIndex.Event(now, "rolled back", previous, who, "v" + current + " retired"
                    + (text(why).isEmpty() ? "" : ": " + why)));
            return new Change<>(out, version(out, previous));
        });
    }

    /**
     * Builds a new candidate from the key's whole training corpus, with the ABI and filter of the
     * corpus and M and IDF of the latest version unless given.
     */
    public KeyIndex.Version retrain(ModelKey key, Integer m, IdfVariant idf, String who) throws IOException {
        KeyIndex idx = index(key);
        KeyIndex.Corpus c = idx.corpus();
        if (c.segments().isEmpty()) {
            throw new ModelStoreException(key + " has no training corpus (its models were imported, or learning has "
                + "not stored a batch yet): nothing to retrain from");
        }
        Abi abi = Abis.byName(c.abi());
        SyscallFilter filter = c.captureFilter() == null ? null
            : new SyscallFilter(abi, c.captureFilter().stream().mapToInt(Integer::intValue).toArray());
        int useM = m != null ? m : idx.versions().stream().map(KeyIndex.Version::training).filter(Objects::nonNull)
            .reduce((a, b) -> b).map(KeyIndex.Training::m).orElse(
                idx.learning().map(v -> v.learning().settings().m()).orElse(org.vmpbd.detect.TrainingOptions.DEFAULT_M));
        IdfVariant useIdf = idf != null ? idf : idx.versions().stream().map(KeyIndex.Version::training)
            .filter(Objects::nonNull).reduce((a, b) -> b)
            .map(t -> IdfVariant.valueOf(t.idf().toUpperCase(java.util.Locale.ROOT))).orElse(IdfVariant.SMOOTH);
        List<ProcessTrace> corpus = CorpusFiles.read(corpusDirectory(key), c, -1);
        DetectionModel model = train(key, corpus, new org.vmpbd.detect.TrainingOptions(useM, useIdf, filter,
            key.toString()));
        int processes = corpus.size();
        return update(key, now -> {
            Instant at = now();
            int n = allocate(key, now);
            String reason = "retrained from the corpus (" + processes + " processes)";
            KeyIndex.Version v = writeModel(key, n, at, "retrained", model, processes, null, null, reason);
            return new Change<>(now.withVersion(v).withEvent(new KeyIndex.Event(at, "retrained", n, who, reason)), v);
        });
    }

    // ---------------------------------------------------------------- learning (for Learner)

    /**
     * Starts learning {@code key}, or resumes its version still learning (keeping its start time and
     * first process, taking the new settings).
     *
     * @throws FilterMismatchException if the key's corpus was captured in another ABI or with another filter
     */
    KeyIndex.Version beginLearning(ModelKey key, LearningSettings settings, CaptureInfo capture, String who)
        throws IOException {
        requireSameFilter(key, settings, capture);
        return update(key, idx -> {
            KeyIndex.Corpus c = idx.corpus();
            if (c.abi() != null) {
                List<Integer> want = filterList(settings.filter());
                if (!c.abi().equals(settings.abi().name()) || !Objects.equals(c.captureFilter(), want)) {
                    Abi corpusAbi = Abis.names().contains(c.abi()) ? Abis.byName(c.abi()) : null;
                    throw new FilterMismatchException(key + ": its training corpus was captured in " + c.abi()
                        + " with filter " + CaptureInfo.describe(corpusAbi, c.captureFilter()) + ", but this capture is "
                        + settings.abi().name() + " with filter " + capture.describeFilter()
                        + "; learn it under another key (or move " + corpusDirectory(key) + " away)");
                }
            }
            Instant now = now();
            Optional<KeyIndex.Version> learning = idx.learning();
            if (learning.isPresent()) {
                KeyIndex.Version v = learning.get();
                KeyIndex.Learning l = v.learning();
                KeyIndex.Version resumed = v.withLearning(new KeyIndex.Learning(l.started(), l.by(), settings,
                    l.firstProcess(), l.processes(), l.batches(), l.stableStreak(), l.windows(), l.libraryWindows(),
                    l.growth()));
                return new Change<>(idx.withVersion(resumed).withEvent(new KeyIndex.Event(now, "learning resumed",
                    v.version(), who, "")), resumed);
            }
            int n = allocate(key, idx);
            KeyIndex.Version v = new KeyIndex.Version(n, ModelState.LEARNING, now, "learned", null, null, 0, null,
                new KeyIndex.Learning(now, who, settings, c.processes(), 0, 0, 0, 0, 0, List.of()), null, null, null,
                null);
            return new Change<>(idx.withVersion(v).withEvent(new KeyIndex.Event(now, "learning started", n, who,
                "until the library stops growing (< " + settings.growthPerThousand() + " new windows per 1000 for "
                    + settings.stableBatches() + " batches of " + settings.batchProcesses() + ") or "
                    + settings.timeLimit())), v);
        });
    }

    private static void requireSameFilter(ModelKey key, LearningSettings settings, CaptureInfo capture) {
        if (!capture.abi().equals(settings.abi())) {
            throw new FilterMismatchException("learning " + key + " in " + settings.abi().name()
                + " from a capture in " + capture.abi().name() + " is refused");
        }
        if (!Objects.equals(capture.filter(), settings.filter())) {
            throw new FilterMismatchException("learning " + key + " with filter "
                + CaptureInfo.describe(settings.abi(), settings.filter()) + " from a capture taken with filter "
                + capture.describeFilter() + " is refused: a model is learnt from captures of its own filter only");
        }
    }

    /**
     * Stores a batch of the learning version's processes as a corpus segment (if any) and its progress.
     *
     * @return the index after the change
     */
    KeyIndex commitBatch(ModelKey key, int version, List<LearnedProcess> processes, KeyIndex.Learning progress)
        throws IOException {
        return update(key, idx -> {
            KeyIndex.Version v = version(idx, version);
            if (v.state() != ModelState.LEARNING) {
                throw new ModelStoreException(key + " v" + version + " is no longer learning (it is " + v.state().label()
                    + ")");
            }
            KeyIndex out = idx;
            if (!processes.isEmpty()) {
                KeyIndex.Corpus c = idx.corpus();
                LearningSettings s = progress.settings();
                if (c.abi() == null) {
                    c = new KeyIndex.Corpus(s.abi().name(), filterList(s.filter()), List.of());
                }
                Path dir = corpusDirectory(key);
                KeyIndex.Segment seg = CorpusFiles.write(files, dir, CorpusFiles.nextNumber(dir, c), c.processes(),
                    processes, s.abi());
                out = out.withCorpus(c.plus(seg));
            }
            out = out.withVersion(v.withLearning(progress));
            return new Change<>(out, out);
        });
    }

    /**
     * Ends learning of {@code version}: with a model it becomes a candidate (and is activated if
     * {@code promote}); without one (nothing learnt) it is retired.
     */
    KeyIndex.Version finishLearning(ModelKey key, int version, DetectionModel model, int corpusProcesses,
                                    boolean converged, String reason, boolean promote, String who) throws IOException {
        return update(key, idx -> {
            KeyIndex.Version v = version(idx, version);
            if (v.state() != ModelState.LEARNING) {
                throw new ModelStoreException(key + " v" + version + " is no longer learning");
            }
            Instant now = now();
            if (model == null) {
                KeyIndex.Version retired = new KeyIndex.Version(v.version(), ModelState.RETIRED, v.created(), v.origin(),
                    null, null, 0, null, v.learning(), converged, reason, null, new KeyIndex.Stamp(now, who, reason));
                return new Change<>(idx.withVersion(retired).withEvent(new KeyIndex.Event(now, "learning ended",
                    version, who, reason)), retired);
            }
            KeyIndex.Version done = finished(key, v, model, corpusProcesses, converged, reason);
            KeyIndex out = idx.withVersion(done).withEvent(new KeyIndex.Event(now, "learning ended", version, who,
                reason));
            if (promote) {
                out = activate(out, done, new KeyIndex.Stamp(now, who, "promoted by rule: " + reason), "promoted");
            }
            return new Change<>(out, version(out, version));
        });
    }

    // ---------------------------------------------------------------- internals

    private KeyIndex.Version finished(ModelKey key, KeyIndex.Version v, DetectionModel model, int corpusProcesses,
                                      boolean converged, String reason) throws IOException {
        return writeModel(key, v.version(), v.created(), v.origin(), model, corpusProcesses, v.learning(), converged,
            reason);
    }

    private KeyIndex.Version writeModel(ModelKey key, int n, Instant created, String origin, DetectionModel model,
                                        int corpusProcesses, KeyIndex.Learning learning, Boolean converged,
                                        String reason) throws IOException {
        byte[] data = codec.encode(model);
        files.write(modelFile(key, n), data);
        return new KeyIndex.Version(n, ModelState.CANDIDATE, created, origin, fileName(n), sha256(data), data.length,
            KeyIndex.Training.of(model, corpusProcesses), learning, converged, reason, null, null);
    }

    private KeyIndex activate(KeyIndex idx, KeyIndex.Version v, KeyIndex.Stamp stamp, String action) {
        KeyIndex out = idx;
        if (idx.active().isPresent()) {
            KeyIndex.Version old = version(idx, idx.active().getAsInt());
            out = out.withVersion(old.retiredBy(new KeyIndex.Stamp(stamp.at(), stamp.by(), "replaced by v"
                + v.version())));
        }
        List<Integer> stack = new ArrayList<>(idx.activeStack());
        stack.add(v.version());
        return out.withVersion(v.promotedBy(stamp)).withActiveStack(stack)
            .withEvent(new KeyIndex.Event(stamp.at(), action, v.version(), stamp.by(), stamp.why()));
    }

    private DetectionModel train(ModelKey key, List<ProcessTrace> corpus, org.vmpbd.detect.TrainingOptions options) {
        try {
            return trainer.train(corpus, options);
        } catch (IllegalArgumentException e) {
            throw new ModelStoreException(key + ": cannot train on its corpus: " + e.getMessage(), e);
        }
    }

    /** The next version number: past every recorded version and every model file on disk. */
    private int allocate(ModelKey key, KeyIndex idx) throws IOException {
        int n = idx.nextVersion();
        Path dir = directory(key);
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "v*.vmpbd")) {
                for (Path p : ds) {
                    String name = p.getFileName().toString();
                    try {
                        n = Math.max(n, Integer.parseInt(name.substring(1, name.length() - ".vmpbd".length())) + 1);
                    } catch (NumberFormatException e) {
                        // not ours
                    }
                }
            }
        }
        return n;
    }

    private static KeyIndex.Version version(KeyIndex idx, int n) {
        return idx.version(n).orElseThrow(() -> new ModelStoreException(idx.key() + " has no version " + n
            + (idx.versions().isEmpty() ? "" : " (versions: " + idx.versions().stream()
                .map(v -> String.valueOf(v.version())).collect(Collectors.joining(", ")) + ")")));
    }

    /** A change of one key's index and what the operation returns. */
    private record Change<T>(KeyIndex index, T value) {
    }

    private interface Mutation<T> {
        Change<T> apply(KeyIndex current) throws IOException;
    }

    /**
     * Under the key's write lock: reads the index (refusing a corrupt one), removes writers' stray
     * temp files, applies {@code fn} (which may write new model or corpus files), checks the new
     * index, saves the old one as {@link #PREVIOUS_INDEX} and writes the new one.
     */
    private <T> T update(ModelKey key, Mutation<T> fn) throws IOException {
        Path dir = directory(key);
        return locks.withWriteLock(dir, () -> {
            Path indexFile = dir.resolve(INDEX);
            byte[] before;
            try {
                before = AtomicFiles.read(indexFile);
            } catch (NoSuchFileException e) {
                before = null;
            }
            KeyIndex current = before == null ? KeyIndex.empty(key) : indexCodec.decode(before, indexFile, key);
            AtomicFiles.removeStrays(dir);
            AtomicFiles.removeStrays(dir.resolve(CorpusFiles.DIR));
            Change<T> change = fn.apply(current);
            if (change.index() != current) {
                String bad = IndexCodec.inconsistency(change.index());
                if (bad != null) {
                    throw new IllegalStateException("refusing to write an inconsistent index for " + key + ": " + bad);
                }
                byte[] after = indexCodec.encode(change.index());
                indexCodec.decode(after, indexFile, key);
                if (before != null) {
                    files.write(dir.resolve(PREVIOUS_INDEX), before);
                }
                files.write(indexFile, after);
            }
            return change.value();
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    static List<Integer> filterList(SyscallFilter f) {
        return f == null ? null : java.util.Arrays.stream(f.calls()).boxed().toList();
    }

    static String fileName(int version) {
        return "v" + version + ".vmpbd";
    }

    static String sha256(byte[] data) {
        return HexFormat.of().formatHex(CorpusFiles.sha256().digest(data));
    }
}
