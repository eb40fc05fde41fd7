package org.vmpbd.detect.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vmpbd.detect.abi.Abi;

/**
 * ADFA-LD format: one trace per file, space-separated decimal system-call numbers on one or more
 * lines (trailing space and missing final newline allowed), gzip or plain. The id is the file
 * name; a directory is read file by file sorted by name (README* skipped). With recursion
 * (ADFA's {@code Attack_Data_Master/<attack folder>/} layout) subdirectories are read too and the
 * id is the path relative to the directory, e.g. {@code Adduser_1/UAD-Adduser-1-1371.txt}.
 */
public final class AdfaTraceReader implements TraceReader {
    private final boolean recursive;

    /** A non-recursive reader. */
    public AdfaTraceReader() {
        this(false);
    }

    /** @param recursive whether to descend into subdirectories of a directory */
    public AdfaTraceReader(boolean recursive) {
        this.recursive = recursive;
    }

    public boolean recursive() {
        return recursive;
    }

    @Override
    public ReadResult readWithReport(Path path, Abi abi, ReadProgress progress) throws IOException {
        TraceFiles.Listing listing = TraceFiles.list(path, recursive);
        List<ProcessTrace> traces = new ArrayList<>(listing.files().size());
        int done = 0;
        for (Path file : listing.files()) {
            traces.add(readFile(file, listing.relativeName(file), abi));
            progress.filesRead(++done, listing.files().size());
        }
        return new ReadResult(traces, listing.files().size(), listing.skipped(), 0);
    }

    private static ProcessTrace readFile(Path file, String id, Abi abi) throws IOException {
        IntList calls = new IntList();
        TraceFiles.forEachLine(file, (number, text) -> {
            LineTokens tokens = new LineTokens(text);
            for (String token = tokens.next(); token != null; token = tokens.next()) {
                calls.add(Numbers.syscall(token, abi, file, number));
            }
        });
        if (calls.size() == 0) {
            throw new TraceFormatException(file, 0, "empty trace file");
        }
        return new ProcessTrace(id, abi, calls.toArray(), file.toString());
    }
}
