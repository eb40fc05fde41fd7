package org.vmpbd.eval;

import java.util.List;
import org.vmpbd.detect.IdfVariant;
import org.vmpbd.detect.TrainingOptions;

/**
 * How to evaluate one experiment.
 *
 * @param trainRatio          share of normal processes used for training (seeded split); the rest are test
 * @param seed                seed of the train/test split; the inner folds use {@code seed + 1}, the timing subset {@code seed + 2}
 * @param folds               k of the inner k-fold over the training processes (capped at their number)
 * @param targetFpr           per-process FPR the thresholds must not exceed on the inner folds
 * @param m                   window length M of the main evaluation (stide uses {@code stideK})
 * @param idf                 IDF variant of the models
 * @param similarityMs        window lengths of the average-similarity table (the paper's table 1)
 * @param frame               locality frame length L of the frame rule and of stide
 * @param frameThreshold      the frame rule's r, or 0 to choose it on the inner folds (see {@link FrameRuleSelection})
 * @param minFrameEpsilon     the epsilon floor of the automatic choice of r
 * @param stideK              stide's window length k
 * @param maxTrainProcesses   cap on training processes (a seeded subsample: the first ones of the shuffled training side), 0 = none
 * @param maxTestProcesses    cap on normal test processes (likewise), 0 = none
 * @param similarityWindows   windows per process that count in the average-similarity table (longer processes
 *                            contribute their first ones; 0 = all)
 * @param timingWindows       windows (at most) in the fixed subset on which every index is timed
 * @param threads             processes scored concurrently
 */
public record EvaluationOptions(double trainRatio, long seed, int folds, double targetFpr, int m, IdfVariant idf,
                                List<Integer> similarityMs, int frame, int frameThreshold, double minFrameEpsilon,
                                int stideK, int maxTrainProcesses, int maxTestProcesses, int similarityWindows,
                                int timingWindows, int threads) {
    public static final double DEFAULT_TRAIN_RATIO = 0.5;
    public static final long DEFAULT_SEED = 1;
    public static final int DEFAULT_FOLDS = 3;
    public static final double DEFAULT_TARGET_FPR = 0.01;
    public static final double DEFAULT_MIN_FRAME_EPSILON = 0.7;
    public static final int DEFAULT_TIMING_WINDOWS = 200_000;
    public static final int DEFAULT_SIMILARITY_WINDOWS = 1_000_000;

    public EvaluationOptions {
        if (!(trainRatio > 0 && trainRatio < 1)) {
            throw new IllegalArgumentException("train ratio must be in (0, 1), got " + trainRatio);
        }
        if (folds < 2) {
            throw new IllegalArgumentException("inner folds must be >= 2, got " + folds);
        }
        ThresholdSelector.allowed(1, targetFpr);
        new TrainingOptions(m, idf, null, "");
        similarityMs = List.copyOf(similarityMs);
        for (int sm : similarityMs) {
            new TrainingOptions(sm, idf, null, "");
        }
        if (frame < 1) {
            throw new IllegalArgumentException("frame length must be >= 1, got " + frame);
        }
        if (frameThreshold < 0 || frameThreshold > frame) {
            throw new IllegalArgumentException("frame threshold r must be in 1.." + frame + " (or 0 = choose), got "
                + frameThreshold);
        }
        if (!(minFrameEpsilon > 0 && minFrameEpsilon <= 1)) {
            throw new IllegalArgumentException("epsilon floor must be in (0, 1], got " + minFrameEpsilon);
        }
        if (stideK < 1) {
            throw new IllegalArgumentException("stide k must be >= 1, got " + stideK);
        }
        if (maxTrainProcesses < 0 || maxTestProcesses < 0 || similarityWindows < 0 || timingWindows < 0) {
            throw new IllegalArgumentException("caps must be >= 0");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    public static EvaluationOptions defaults() {
        return new EvaluationOptions(DEFAULT_TRAIN_RATIO, DEFAULT_SEED, DEFAULT_FOLDS, DEFAULT_TARGET_FPR,
            TrainingOptions.DEFAULT_M, IdfVariant.SMOOTH, List.of(3, 6, 10), Stide.DEFAULT_FRAME, 0,
            DEFAULT_MIN_FRAME_EPSILON, Stide.DEFAULT_K, 0, 0, DEFAULT_SIMILARITY_WINDOWS, DEFAULT_TIMING_WINDOWS,
            Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** The consecutive rule's run length, the paper's {@code 3 M}. */
    public int runLength() {
        return 3 * m;
    }

    public EvaluationOptions withSeed(long s) {
        return new EvaluationOptions(trainRatio, s, folds, targetFpr, m, idf, similarityMs, frame, frameThreshold,
            minFrameEpsilon, stideK, maxTrainProcesses, maxTestProcesses, similarityWindows, timingWindows, threads);
    }

    public EvaluationOptions withTargetFpr(double t) {
        return new EvaluationOptions(trainRatio, seed, folds, t, m, idf, similarityMs, frame, frameThreshold,
            minFrameEpsilon, stideK, maxTrainProcesses, maxTestProcesses, similarityWindows, timingWindows, threads);
    }

    public EvaluationOptions withFrameThreshold(int r, double floor) {
        return new EvaluationOptions(trainRatio, seed, folds, targetFpr, m, idf, similarityMs, frame, r,
            floor, stideK, maxTrainProcesses, maxTestProcesses, similarityWindows, timingWindows, threads);
    }

    public EvaluationOptions withSimilarityMs(List<Integer> ms) {
        return new EvaluationOptions(trainRatio, seed, folds, targetFpr, m, idf, ms, frame, frameThreshold,
            minFrameEpsilon, stideK, maxTrainProcesses, maxTestProcesses, similarityWindows, timingWindows, threads);
    }

    public EvaluationOptions withCaps(int maxTrain, int maxTest, int timing) {
        return new EvaluationOptions(trainRatio, seed, folds, targetFpr, m, idf, similarityMs, frame, frameThreshold,
            minFrameEpsilon, stideK, maxTrain, maxTest, similarityWindows, timing, threads);
    }

    public EvaluationOptions withSimilarityWindows(int w) {
        return new EvaluationOptions(trainRatio, seed, folds, targetFpr, m, idf, similarityMs, frame, frameThreshold,
            minFrameEpsilon, stideK, maxTrainProcesses, maxTestProcesses, w, timingWindows, threads);
    }

    public EvaluationOptions withThreads(int t) {
        return new EvaluationOptions(trainRatio, seed, folds, targetFpr, m, idf, similarityMs, frame, frameThreshold,
            minFrameEpsilon, stideK, maxTrainProcesses, maxTestProcesses, similarityWindows, timingWindows, t);
    }
}
