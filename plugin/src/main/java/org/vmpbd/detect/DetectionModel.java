package org.vmpbd.detect;

import java.util.Objects;
import java.util.Optional;
import org.vmpbd.detect.abi.Abi;

/**
 * A trained model of normal behaviour: the ABI it was built for, {@code M}, the weights and the
 * window library, plus what it was trained on. Immutable; safe to share between threads.
 */
public final class DetectionModel {
    private final Abi abi;
    private final int m;
    private final SyscallWeights weights;
    private final WindowLibrary library;
    private final SyscallFilter filter;
    private final TrainingSummary training;

    public DetectionModel(Abi abi, int m, SyscallWeights weights, WindowLibrary library, SyscallFilter filter,
                          TrainingSummary training) {
        this.abi = Objects.requireNonNull(abi, "abi");
        this.m = m;
        this.weights = Objects.requireNonNull(weights, "weights");
        this.library = Objects.requireNonNull(library, "library");
        this.filter = filter;
        this.training = Objects.requireNonNull(training, "training");
        if (weights.size() != abi.size() || library.n() != abi.size() || library.m() != m) {
            throw new IllegalArgumentException("model parts disagree: ABI " + abi + ", weights n="
                + weights.size() + ", library n=" + library.n() + " M=" + library.m() + ", M=" + m);
        }
    }

    public Abi abi() {
        return abi;
    }

    public int m() {
        return m;
    }

    public SyscallWeights weights() {
        return weights;
    }

    public WindowLibrary library() {
        return library;
    }

    /** The syscall filter the model was trained with, if any: calls outside it are dropped. */
    public Optional<SyscallFilter> filter() {
        return Optional.ofNullable(filter);
    }

    public TrainingSummary training() {
        return training;
    }

    /** Refuses a trace of another ABI with a clear error naming the trace. */
    public void requireAbi(org.vmpbd.detect.trace.ProcessTrace trace) {
        if (!abi.equals(trace.abi())) {
            requireAbi(trace.abi(), "trace " + trace.id() + " (" + trace.source() + ")");
        }
    }

    /** Refuses a trace of another ABI with a clear error. */
    public void requireAbi(Abi traceAbi, String what) {
        if (!abi.equals(traceAbi)) {
            throw new IllegalArgumentException(what + " is in ABI " + traceAbi.name() + " but the model was built for "
                + abi.name() + "; map it first (vmpbd maps linux-x86_64 to linux-i386 by an explicit table)");
        }
    }
}
