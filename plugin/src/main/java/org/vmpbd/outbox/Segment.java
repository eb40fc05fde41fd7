package org.vmpbd.outbox;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

/**
 * What the outbox knows of one segment file: its seq range, the length of its intact records, the time
 * of its newest record, and a sparse index (the offset of every {@value #STRIDE}th record) so a read
 * need not start at the top of the file. Guarded by the owning {@link FileOutbox}'s lock.
 */
final class Segment {
    static final int STRIDE = 64;

    final Path path;
    final long firstSeq;
    private long lastSeq;
    private long length;
    private Instant lastTime;
    private long[] offsets = new long[16];
    private int indexed;

    Segment(Path path, long firstSeq) {
        this.path = path;
        this.firstSeq = firstSeq;
        this.lastSeq = firstSeq - 1;
    }

    /** Notes record {@code seq} (the next one) written at {@code offset}, {@code bytes} long. */
    void added(long seq, long offset, int bytes, Instant time) {
        if (seq != lastSeq + 1 || offset != length) {
            throw new IllegalStateException(path + ": record " + seq + " at " + offset + " does not follow "
                + lastSeq + " ending at " + length);
        }
        if ((seq - firstSeq) % STRIDE == 0) {
            if (indexed == offsets.length) {
                offsets = Arrays.copyOf(offsets, indexed * 2);
            }
            offsets[indexed++] = offset;
        }
        lastSeq = seq;
        length = offset + bytes;
        lastTime = time;
    }

    /** The indexed record at or before {@code seq} (which this segment holds): its seq and offset. */
    long[] seek(long seq) {
        int k = (int) Math.min((seq - firstSeq) / STRIDE, indexed - 1);
        return new long[] {firstSeq + (long) k * STRIDE, offsets[k]};
    }

    boolean isEmpty() {
        return lastSeq < firstSeq;
    }

    long lastSeq() {
        return lastSeq;
    }

    long length() {
        return length;
    }

    Instant lastTime() {
        return lastTime;
    }

    OutboxSegment info() {
        return new OutboxSegment(path, firstSeq, lastSeq, length, lastTime);
    }
}
