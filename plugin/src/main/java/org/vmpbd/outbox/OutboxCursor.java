package org.vmpbd.outbox;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One consumer's durable position in the outbox: the last seq it has finished. A commit replaces
 * the file atomically (temp file, fsync, rename, directory fsync), so after a crash it holds either
 * the old or the new position. Get one from {@link OutboxCursors#cursor}.
 */
public final class OutboxCursor {
    private final String consumer;
    private final Path file;
    private long position;

    OutboxCursor(String consumer, Path file, long position) {
        this.consumer = consumer;
        this.file = file;
        this.position = position;
    }

    public String consumer() {
        return consumer;
    }

    /** The last seq the consumer has finished (0: none). */
    public synchronized long position() {
        return position;
    }

    /**
     * Records that the consumer has finished every record up to {@code seq}.
     *
     * @throws IllegalArgumentException when {@code seq} is behind the current position
     */
    public synchronized void commit(long seq) throws IOException {
        if (seq < position) {
            throw new IllegalArgumentException("cursor " + consumer + ": cannot move back from " + position + " to " + seq);
        }
        if (seq == position) {
            return;
        }
        SegmentFiles.writeAtomically(file, OutboxCursors.encode(seq));
        position = seq;
    }

    @Override
    public String toString() {
        return "OutboxCursor[" + consumer + " at " + position + "]";
    }
}
