package org.vmpbd.detect;

import java.util.Objects;
import java.util.function.Consumer;
import org.vmpbd.detect.trace.ProcessTrace;

/**
 * A model with an index, an alarm rule and a threshold epsilon: makes per-process scorers.
 * Thread-safe; scorers it makes are each confined to one thread at a time.
 */
public final class Detector {
    private static final Consumer<Alarm> IGNORE = alarm -> { };
    private final DetectionModel model;
    private final SimilarityIndex index;
    private final ProjectionTable exact;
    private final PackedWindowSet packed;
    private final CountsPool pool;
    private final AlarmRule rule;
    private final double epsilon;

    public Detector(DetectionModel model, IndexKind kind, AlarmRule rule, double epsilon) {
        this(model, kind.build(model.library(), model.weights()), rule, epsilon);
    }

    public Detector(DetectionModel model, SimilarityIndex index, AlarmRule rule, double epsilon) {
        this(model, index, ProjectionTable.exact(model.library()),
            PackedWindowSet.fits(model.m(), model.abi().size()) ? PackedWindowSet.of(model.library()) : null,
            new CountsPool(model.abi().size()), rule, epsilon);
    }

    private Detector(DetectionModel model, SimilarityIndex index, ProjectionTable exact, PackedWindowSet packed,
                     CountsPool pool, AlarmRule rule, double epsilon) {
        if (!(epsilon > 0.0 && epsilon <= 1.0)) {
            throw new IllegalArgumentException("epsilon must be in (0, 1], got " + epsilon);
        }
        this.model = Objects.requireNonNull(model, "model");
        this.index = Objects.requireNonNull(index, "index");
        this.exact = exact;
        this.packed = packed;
        this.pool = pool;
        this.rule = Objects.requireNonNull(rule, "rule");
        this.epsilon = epsilon;
    }

    /** Same model, index and rule with another epsilon (shares the built index). */
    public Detector withEpsilon(double newEpsilon) {
        return new Detector(model, index, exact, packed, pool, rule, newEpsilon);
    }

    public ProcessScorer newProcess(String processId) {
        return newProcess(processId, WindowListener.NONE);
    }

    public ProcessScorer newProcess(String processId, WindowListener listener) {
        return new ProcessScorer(processId, model, index, exact, packed, pool, rule, epsilon, listener);
    }

    /** Scores a whole trace, feeding its calls as one run (alarms are in the verdict). */
    public ProcessVerdict score(ProcessTrace trace) {
        return score(trace, WindowListener.NONE);
    }

    public ProcessVerdict score(ProcessTrace trace, WindowListener listener) {
        model.requireAbi(trace);
        ProcessScorer scorer = newProcess(trace.id(), listener);
        int[] calls = trace.calls();
        scorer.accept(calls, 0, calls.length, IGNORE);
        return scorer.finish();
    }

    public DetectionModel model() {
        return model;
    }

    public SimilarityIndex index() {
        return index;
    }

    public AlarmRule rule() {
        return rule;
    }

    public double epsilon() {
        return epsilon;
    }
}
