package org.vmpbd.outbox;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One segment file of a {@link FileOutbox}, as {@code vmpbd outbox check} and retention see it.
 *
 * @param file     the file
 * @param firstSeq the seq of its first record (also in its name)
 * @param lastSeq  the seq of its last intact record; {@code firstSeq - 1} when it holds none
 * @param bytes    the length of its intact records
 * @param lastTime the time of its newest record, or null when it holds none
 */
public record OutboxSegment(Path file, long firstSeq, long lastSeq, long bytes, Instant lastTime) {
    /** How many records it holds. */
    public long records() {
        return lastSeq - firstSeq + 1;
    }
}
