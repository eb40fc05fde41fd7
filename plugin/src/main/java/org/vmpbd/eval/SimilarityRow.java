package org.vmpbd.eval;

/**
 * One row of the average-similarity table (the paper's table 1): mean {@code b_k} at window length
 * M over the windows of normal test processes and of intrusion processes, pooled over windows and
 * as the mean of per-process means.
 *
 * @param truncatedProcesses processes that counted only their first windows (the option {@code similarityWindows})
 */
public record SimilarityRow(int m, int libraryRows, long normalWindows, double normalMean, double normalProcessMean,
                            long intrusionWindows, double intrusionMean, double intrusionProcessMean,
                            int truncatedProcesses) {
}
