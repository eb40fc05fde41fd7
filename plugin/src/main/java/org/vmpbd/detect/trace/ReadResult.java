package org.vmpbd.detect.trace;

import java.nio.file.Path;
import java.util.List;

/**
 * What one {@link TraceReader} call produced.
 *
 * @param traces     the traces, in reading order
 * @param filesRead  number of files read
 * @param skipped    directory entries not read (README*, calls.txt*, hidden files, subdirectories)
 * @param blankLines blank lines skipped in record-per-line formats (UNM, event log)
 */
public record ReadResult(List<ProcessTrace> traces, int filesRead, List<Path> skipped, long blankLines) {
    public ReadResult {
        traces = List.copyOf(traces);
        skipped = List.copyOf(skipped);
    }

    /** Total number of system calls over all traces. */
    public long totalCalls() {
        long total = 0;
        for (ProcessTrace trace : traces) {
            total += trace.length();
        }
        return total;
    }
}
