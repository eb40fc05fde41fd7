package org.vmpbd.model;

import java.time.Duration;
import java.util.Objects;
import org.vmpbd.detect.IdfVariant;
import org.vmpbd.detect.SyscallFilter;
import org.vmpbd.detect.TrainingOptions;
import org.vmpbd.detect.abi.Abi;

/**
 * How to learn a key's model: the model's parameters, the convergence rule's parameters, the limits
 * and the promotion rule. A plain value the policy layer (or {@code vmpbd model learn}) fills in.
 *
 * @param abi               numbering of the model; events in other ABIs are not learnt (counted)
 * @param m                 window length M
 * @param idf               IDF variant
 * @param filter            the syscall filter of the capture and of the model, or null for none; the
 *                          learner refuses a capture taken with another filter
 * @param batchProcesses    K: completed processes per batch
 * @param growthPerThousand g: a batch is stable when it adds fewer than g new distinct windows per
 *                          1000 training windows (g &gt; 0)
 * @param stableBatches     C: converged after C consecutive stable batches
 * @param timeLimit         learning ends at this age (then the version is a candidate that did not converge)
 * @param corpusMaxCalls    cap on the key's stored corpus, in calls; learning ends when it is reached
 * @param maxProcessCalls   a running process is cut into a corpus process every this many calls (long-lived
 *                          daemons never end); the next part starts with the last M-1 calls so no window is lost
 * @param promotion         what happens when learning ends
 */
public record LearningSettings(Abi abi, int m, IdfVariant idf, SyscallFilter filter, int batchProcesses,
                               double growthPerThousand, int stableBatches, Duration timeLimit, long corpusMaxCalls,
                               int maxProcessCalls, Promotion promotion) {
    public static final int DEFAULT_BATCH = 20;
    public static final double DEFAULT_GROWTH = 1.0;
    public static final int DEFAULT_STABLE = 3;
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofDays(7);
    public static final long DEFAULT_CORPUS_MAX_CALLS = 5_000_000L;
    public static final int DEFAULT_MAX_PROCESS_CALLS = 1_000_000;

    /** When a learnt version is promoted to detection. */
    public enum Promotion {
        /** Never automatically: an operator runs {@code vmpbd model promote}. */
        MANUAL,
        /** When learning converges; a version ended by the time limit or the corpus cap waits for an operator. */
        ON_CONVERGENCE,
        /** Whenever learning ends, converged or not. */
        ALWAYS;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public static Promotion parse(String s) {
            for (Promotion p : values()) {
                if (p.label().equals(s) || p.name().equalsIgnoreCase(s)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown promotion rule '" + s + "' (manual, on-convergence, always)");
        }
    }

    public LearningSettings {
        Objects.requireNonNull(abi, "abi");
        Objects.requireNonNull(idf, "idf");
        Objects.requireNonNull(timeLimit, "timeLimit");
        Objects.requireNonNull(promotion, "promotion");
        new TrainingOptions(m, idf, filter, "");
        if (batchProcesses < 1) {
            throw new IllegalArgumentException("learning batch must be >= 1 process, got " + batchProcesses);
        }
        if (!(growthPerThousand > 0) || Double.isInfinite(growthPerThousand)) {
            throw new IllegalArgumentException("learning growth threshold must be > 0 new windows per 1000, got "
                + growthPerThousand);
        }
        if (stableBatches < 1) {
            throw new IllegalArgumentException("learning needs >= 1 stable batch, got " + stableBatches);
        }
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("learning time limit must be positive, got " + timeLimit);
        }
        if (corpusMaxCalls < 1) {
            throw new IllegalArgumentException("corpus cap must be >= 1 call, got " + corpusMaxCalls);
        }
        if (maxProcessCalls < 2 * m) {
            throw new IllegalArgumentException("max calls per corpus process must be >= 2M = " + 2 * m + ", got "
                + maxProcessCalls);
        }
    }

    /** The defaults above for {@code abi}: M 6, smooth IDF, no filter, manual promotion. */
    public static LearningSettings defaults(Abi abi) {
        return new LearningSettings(abi, TrainingOptions.DEFAULT_M, IdfVariant.SMOOTH, null, DEFAULT_BATCH,
            DEFAULT_GROWTH, DEFAULT_STABLE, DEFAULT_TIME_LIMIT, DEFAULT_CORPUS_MAX_CALLS, DEFAULT_MAX_PROCESS_CALLS,
            Promotion.MANUAL);
    }

    public LearningSettings withFilter(SyscallFilter f) {
        return new LearningSettings(abi, m, idf, f, batchProcesses, growthPerThousand, stableBatches, timeLimit,
            corpusMaxCalls, maxProcessCalls, promotion);
    }

    public LearningSettings withConvergence(int batch, double growth, int stable) {
        return new LearningSettings(abi, m, idf, filter, batch, growth, stable, timeLimit, corpusMaxCalls,
            maxProcessCalls, promotion);
    }

    public LearningSettings withTimeLimit(Duration limit) {
        return new LearningSettings(abi, m, idf, filter, batchProcesses, growthPerThousand, stableBatches, limit,
            corpusMaxCalls, maxProcessCalls, promotion);
    }

    public LearningSettings withCorpusMaxCalls(long cap) {
        return new LearningSettings(abi, m, idf, filter, batchProcesses, growthPerThousand, stableBatches, timeLimit,
            cap, maxProcessCalls, promotion);
    }

    public LearningSettings withPromotion(Promotion p) {
        return new LearningSettings(abi, m, idf, filter, batchProcesses, growthPerThousand, stableBatches, timeLimit,
            corpusMaxCalls, maxProcessCalls, p);
    }

    public LearningSettings withModel(int newM, IdfVariant newIdf) {
        return new LearningSettings(abi, newM, newIdf, filter, batchProcesses, growthPerThousand, stableBatches,
            timeLimit, corpusMaxCalls, maxProcessCalls, promotion);
    }

    /** The training options of a model learnt with these settings. */
    public TrainingOptions trainingOptions(String label) {
        return new TrainingOptions(m, idf, filter, label);
    }
}
