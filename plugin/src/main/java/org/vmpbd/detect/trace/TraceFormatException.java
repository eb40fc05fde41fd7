package org.vmpbd.detect.trace;

import java.nio.file.Path;

/** Bad trace input: names the file and (1-based) line, or line 0 when the whole file is at fault. */
public final class TraceFormatException extends RuntimeException {
    private final transient Path file;
    private final long line;

    public TraceFormatException(Path file, long line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    public long line() {
        return line;
    }
}
