package org.vmpbd.detect.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmpbd.detect.abi.Abi;

/**
 * UNM format: text lines {@code PID SYSCALL} (two decimal integers), gzip or plain. One file may
 * hold several interleaved processes; they are split by PID, keeping each PID's call order, and
 * returned in order of first appearance with id {@code <filename>#<pid>}. A directory is read
 * file by file, sorted by name, non-recursively, skipping README* and calls.txt* files.
 */
public final class UnmTraceReader implements TraceReader {
    @Override
    public ReadResult readWithReport(Path path, Abi abi, ReadProgress progress) throws IOException {
        TraceFiles.Listing listing = TraceFiles.list(path, false);
        List<ProcessTrace> traces = new ArrayList<>();
        long blank = 0;
        int done = 0;
        for (Path file : listing.files()) {
            blank += readFile(file, listing.relativeName(file), abi, traces);
            progress.filesRead(++done, listing.files().size());
        }
        return new ReadResult(traces, listing.files().size(), listing.skipped(), blank);
    }

    /** Appends the file's processes to {@code traces}; returns the number of blank lines. */
    private static long readFile(Path file, String name, Abi abi, List<ProcessTrace> traces) throws IOException {
        Map<Integer, IntList> byPid = new LinkedHashMap<>();
        long[] blank = {0};
        TraceFiles.forEachLine(file, (number, text) -> {
            LineTokens tokens = new LineTokens(text);
            String pidToken = tokens.next();
            if (pidToken == null) {
                blank[0]++;
                return;
            }
            String callToken = tokens.next();
            if (callToken == null || tokens.next() != null) {
                throw new TraceFormatException(file, number,
                    "expected 2 fields 'PID SYSCALL', found " + LineTokens.count(text));
            }
            int pid = Numbers.pid(pidToken, file, number);
            int call = Numbers.syscall(callToken, abi, file, number);
            byPid.computeIfAbsent(pid, p -> new IntList()).add(call);
        });
        if (byPid.isEmpty()) {
            throw new TraceFormatException(file, 0, "empty trace file");
        }
        for (Map.Entry<Integer, IntList> process : byPid.entrySet()) {
            traces.add(new ProcessTrace(name + "#" + process.getKey(), abi, process.getValue().toArray(),
                file.toString()));
        }
        return blank[0];
    }
}
