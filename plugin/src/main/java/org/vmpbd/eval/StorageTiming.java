package org.vmpbd.eval;

import java.util.List;

/**
 * Library storage and detection time per index (the paper's table 4).
 *
 * @param libraryRows       distinct windows in the library
 * @param csrBytes          CSR arrays (rowptr + colidx)
 * @param denseBytes        the dense |L| x (M n) matrix at one byte per cell
 * @param subsetProcesses   processes in the timing subset
 * @param subsetWindows     their windows
 * @param subsetMisses      their windows not in the library (the only ones an index is asked about)
 * @param subsetNote        how the timing subset was drawn
 * @param indexes           per index
 * @param fullTestSeconds   wall time of scoring the whole test side with the subset index
 * @param fullTestThreads   threads used for that
 * @param fullTestWindows   windows of the whole test side
 * @param fullTestIndexBytes bytes the subset index held after scoring the whole test side (its tables are built on first use)
 */
public record StorageTiming(int libraryRows, long csrBytes, long denseBytes, int subsetProcesses, long subsetWindows,
                            long subsetMisses, String subsetNote, List<IndexTiming> indexes, double fullTestSeconds,
                            int fullTestThreads, long fullTestWindows, long fullTestIndexBytes) {
    public StorageTiming {
        indexes = List.copyOf(indexes);
    }

    /**
     * One index on the timing subset (one thread).
     *
     * @param indexBytes     bytes the index holds beyond the CSR library, after the timed run
     * @param buildSeconds   wall time to build the detector with this index
     * @param scoreSeconds   wall time to score the subset, after one untimed warm-up pass over it
     * @param microsPerWindow scoring time per window (exact hits included)
     * @param microsPerMiss  scoring time per window outside the library (the only ones the index is asked about)
     * @param identical      whether every b_k on the timing subset equals the main (SUBSET) pass, bit for bit
     */
    public record IndexTiming(String index, long indexBytes, double buildSeconds, double scoreSeconds,
                              double microsPerWindow, double microsPerMiss, boolean identical) {
    }
}
