package org.vmpbd.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * The '\n'-terminated lines of a byte range of a file, each with its offset. The last line may be
 * unterminated (a torn write); a line longer than the limit is reported without its bytes.
 */
final class LineReader {
    private final FileChannel channel;
    private long end;
    private final int maxLine;
    private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    private long bufStart;
    private long pos;

    private byte[] line = new byte[256];
    private int lineLength;
    private long lineStart;
    private boolean terminated;
    private boolean overlong;

    /** Lines of {@code channel} from {@code start} (a line start) to {@code end}, none longer than {@code maxLine}. */
    LineReader(FileChannel channel, long start, long end, int maxLine) {
        this.channel = channel;
        this.end = end;
        this.maxLine = maxLine;
        this.pos = start;
        this.bufStart = start;
        buf.limit(0);
    }

    /** Moves to the next line; false at the end of the range. */
    boolean next() throws IOException {
        if (pos >= end) {
            return false;
        }
        lineStart = pos;
        lineLength = 0;
        overlong = false;
        terminated = false;
        while (pos < end) {
            if (!buf.hasRemaining() && !fill()) {
                break;
            }
            byte b = buf.get();
            pos++;
            if (b == '\n') {
                terminated = true;
                return true;
            }
            if (lineLength >= maxLine) {
                overlong = true;
                continue;
            }
            if (lineLength == line.length) {
                line = Arrays.copyOf(line, Math.min(maxLine, line.length * 2));
            }
            line[lineLength++] = b;
        }
        return pos > lineStart;
    }

    private boolean fill() throws IOException {
        buf.clear();
        bufStart = pos;
        buf.limit((int) Math.min(buf.capacity(), end - pos));
        int total = 0;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, bufStart + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        buf.flip();
        if (!buf.hasRemaining()) {
            end = pos; // the file is shorter than expected: stop here
            return false;
        }
        return true;
    }

    /** The current line without its '\n', or null when it was longer than the limit. */
    byte[] line() {
        return overlong ? null : Arrays.copyOf(line, lineLength);
    }

    long lineStart() {
        return lineStart;
    }

    /** Where the line after the current one starts. */
    long nextStart() {
        return pos;
    }

    boolean terminated() {
        return terminated;
    }
}
