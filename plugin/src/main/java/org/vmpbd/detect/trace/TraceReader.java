package org.vmpbd.detect.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.vmpbd.detect.abi.Abi;

/**
 * Reads per-process system-call traces from a file or a directory of files.
 * Bad input raises {@link TraceFormatException} naming the file and line; a missing path raises
 * {@link java.nio.file.NoSuchFileException}. Short traces are returned as they are.
 */
public interface TraceReader {
    /** The traces under {@code path}, in {@code abi}'s numbering. */
    default List<ProcessTrace> read(Path path, Abi abi) throws IOException {
        return readWithReport(path, abi).traces();
    }

    /** As {@link #read}, plus what was read and skipped. */
    default ReadResult readWithReport(Path path, Abi abi) throws IOException {
        return readWithReport(path, abi, ReadProgress.NONE);
    }

    /** As {@link #readWithReport(Path, Abi)}, telling {@code progress} after each file. */
    ReadResult readWithReport(Path path, Abi abi, ReadProgress progress) throws IOException;
}
