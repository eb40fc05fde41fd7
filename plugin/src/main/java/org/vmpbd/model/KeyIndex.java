package org.vmpbd.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.vmpbd.detect.DetectionModel;

/**
 * The record of one key's models, as its {@code index.json} holds it: every version with its state
 * and provenance, the activation stack (for rollback), the training corpus's segments and an audit
 * history. Immutable; the store makes a changed copy and writes it atomically.
 *
 * @param activeStack versions in the order they were activated, the active one last; rollback pops
 */
public record KeyIndex(ModelKey key, List<Version> versions, List<Integer> activeStack, Corpus corpus,
                       List<Event> history) {
    public KeyIndex {
        Objects.requireNonNull(key, "key");
        versions = versions.stream().sorted(Comparator.comparingInt(Version::version)).toList();
        activeStack = List.copyOf(activeStack);
        Objects.requireNonNull(corpus, "corpus");
        history = List.copyOf(history);
    }

    /** A key with nothing recorded yet. */
    public static KeyIndex empty(ModelKey key) {
        return new KeyIndex(key, List.of(), List.of(), Corpus.EMPTY, List.of());
    }

    public Optional<Version> version(int v) {
        return versions.stream().filter(x -> x.version() == v).findFirst();
    }

    /** The active version, if any. */
    public OptionalInt active() {
        return activeStack.isEmpty() ? OptionalInt.empty() : OptionalInt.of(activeStack.get(activeStack.size() - 1));
    }

    public Optional<Version> latest() {
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /** The version still learning, if any (at most one). */
    public Optional<Version> learning() {
        return versions.stream().filter(v -> v.state() == ModelState.LEARNING).findFirst();
    }

    /** The newest candidate, if any. */
    public Optional<Version> newestCandidate() {
        return versions.stream().filter(v -> v.state() == ModelState.CANDIDATE).reduce((a, b) -> b);
    }

    /** One more than the highest version recorded. */
    public int nextVersion() {
        return versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
    }

    KeyIndex withVersion(Version v) {
        List<Version> out = new ArrayList<>(versions.size() + 1);
        versions.stream().filter(x -> x.version() != v.version()).forEach(out::add);
        out.add(v);
        return new KeyIndex(key, out, activeStack, corpus, history);
    }

    KeyIndex withActiveStack(List<Integer> stack) {
        return new KeyIndex(key, versions, stack, corpus, history);
    }

    KeyIndex withCorpus(Corpus c) {
        return new KeyIndex(key, versions, activeStack, c, history);
    }

    KeyIndex withEvent(Event e) {
        List<Event> h = new ArrayList<>(history);
        h.add(e);
        return new KeyIndex(key, versions, activeStack, corpus, h);
    }

    /**
     * One model version.
     *
     * @param origin    {@code learned}, {@code retrained} or {@code imported}
     * @param file      the model file's name in the key's directory; null while learning, or for a
     *                  version retired because its learning ended with no usable data
     * @param sha256    of the model file (hex), null while learning
     * @param training  what the model was trained on, null while learning
     * @param learning  learning settings and progress, for learned versions
     * @param converged for learned versions: whether learning ended by the convergence rule; null otherwise
     * @param endReason why learning ended (or how the version was made), null while learning
     * @param promoted  the latest promotion (who, when, why), or null
     * @param retired   the latest retirement, or null
     */
    public record Version(int version, ModelState state, Instant created, String origin, String file, String sha256,
                          long bytes, Training training, Learning learning, Boolean converged, String endReason,
                          Stamp promoted, Stamp retired) {
        public Version {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(created, "created");
            Objects.requireNonNull(origin, "origin");
            if (version < 1) {
                throw new IllegalArgumentException("version must be >= 1, got " + version);
            }
            if ((state == ModelState.CANDIDATE || state == ModelState.ACTIVE)
                && (file == null || sha256 == null || training == null)) {
                throw new IllegalArgumentException("version " + version + " is " + state.label()
                    + " but has no model file, checksum or training record");
            }
        }

        Version withState(ModelState s) {
            return new Version(version, s, created, origin, file, sha256, bytes, training, learning, converged,
                endReason, promoted, retired);
        }

        Version promotedBy(Stamp stamp) {
            return new Version(version, ModelState.ACTIVE, created, origin, file, sha256, bytes, training, learning,
                converged, endReason, stamp, retired);
        }

        Version retiredBy(Stamp stamp) {
            return new Version(version, ModelState.RETIRED, created, origin, file, sha256, bytes, training, learning,
                converged, endReason, promoted, stamp);
        }

        Version withLearning(Learning l) {
            return new Version(version, state, created, origin, file, sha256, bytes, training, l, converged, endReason,
                promoted, retired);
        }
    }

    /**
     * What a model was trained on (from its file's header) and which corpus processes it used.
     *
     * @param filter          kept calls, or null for none
     * @param corpusProcesses the first this many processes of the key's corpus, or -1 if not from the corpus
     */
    public record Training(String abi, int m, String idf, List<Integer> filter, String digest, int processes,
                           long calls, long windows, int libraryWindows, int corpusProcesses) {
        public Training {
            filter = filter == null ? null : List.copyOf(filter);
        }

        static Training of(DetectionModel model, int corpusProcesses) {
            List<Integer> f = model.filter().map(x -> java.util.Arrays.stream(x.calls()).boxed().toList()).orElse(null);
            var t = model.training();
            return new Training(model.abi().name(), model.m(),
                model.weights().variant().name().toLowerCase(java.util.Locale.ROOT), f, t.digest(), t.processes(),
                t.calls(), t.windows(), model.library().rows(), corpusProcesses);
        }
    }

    /**
     * A learning run's settings and progress (see {@link Learner} for the convergence rule).
     *
     * @param started      when learning began (the time limit counts from here, across restarts)
     * @param firstProcess corpus ordinal of this run's first process: earlier corpus processes only seed the library
     * @param processes    processes of this run so far (in the corpus)
     * @param batches      complete non-empty batches so far
     * @param stableStreak consecutive stable batches ending with the last one
     * @param windows      training windows of this run's processes
     * @param libraryWindows distinct windows over the whole corpus
     * @param growth       new distinct windows per 1000 training windows of the last batches (at most
     *                     {@link #GROWTH_KEPT}, oldest first)
     */
    public record Learning(Instant started, String by, LearningSettings settings, int firstProcess, int processes,
                           int batches, int stableStreak, long windows, int libraryWindows, List<Double> growth) {
        public static final int GROWTH_KEPT = 50;

        public Learning {
            Objects.requireNonNull(started, "started");
            Objects.requireNonNull(settings, "settings");
            growth = List.copyOf(growth.size() > GROWTH_KEPT ? growth.subList(growth.size() - GROWTH_KEPT, growth.size())
                : growth);
        }

        public Instant deadline() {
            return started.plus(settings.timeLimit());
        }

        /** Time learnt so far at {@code now}. */
        public Duration elapsed(Instant now) {
            return Duration.between(started, now);
        }
    }

    /**
     * The key's training corpus: event-log segments, in order; processes in a segment are whole.
     *
     * @param abi           ABI name of every segment, or null while the corpus is empty
     * @param captureFilter the filter the corpus was captured with (null: none); meaningful once abi is set
     */
    public record Corpus(String abi, List<Integer> captureFilter, List<Segment> segments) {
        public static final Corpus EMPTY = new Corpus(null, null, List.of());

        public Corpus {
            captureFilter = captureFilter == null ? null : List.copyOf(captureFilter);
            segments = List.copyOf(segments);
        }

        public int processes() {
            return segments.stream().mapToInt(Segment::processes).sum();
        }

        public long calls() {
            return segments.stream().mapToLong(Segment::calls).sum();
        }

        public long bytes() {
            return segments.stream().mapToLong(Segment::bytes).sum();
        }

        Corpus plus(Segment s) {
            List<Segment> out = new ArrayList<>(segments);
            out.add(s);
            return new Corpus(abi, captureFilter, out);
        }
    }

    /** One corpus file (gzip event log) and what it holds. */
    public record Segment(String file, int firstProcess, int processes, long calls, long bytes, String sha256) {
    }

    /** Who did something, when and why. */
    public record Stamp(Instant at, String by, String why) {
    }

    /** One line of the key's audit history: learning started/ended, promoted, rolled back, retrained, imported. */
    public record Event(Instant at, String action, int version, String by, String why) {
    }
}
