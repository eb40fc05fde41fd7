package org.vmpbd.eval;

import java.util.List;

/**
 * The train/test split of one experiment's normal processes and the inner folds.
 *
 * @param trainAvailable  training processes before any cap
 * @param testAvailable   test processes before any cap
 * @param foldSizes       processes per inner fold
 */
public record SplitInfo(long seed, double trainRatio, int normalProcesses, int trainAvailable, int train,
                        int testAvailable, int test, long trainCalls, long testCalls, int folds, long foldSeed,
                        List<Integer> foldSizes, String note) {
    public SplitInfo {
        foldSizes = List.copyOf(foldSizes);
    }
}
