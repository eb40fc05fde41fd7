package org.vmpbd.outbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/**
 * The durable local outbox: verdicts, alarms, actions and session records are appended here before
 * anything consumes them, each under the next sequence number (contiguous from 1, never reused).
 * When an append returns, its records are on disk; a crash afterwards loses none of them and a
 * restart repeats none. Consumers read it through an {@link OutboxDispatcher}. Thread-safe.
 */
public interface Outbox {
    /**
     * Appends one record and forces it to disk.
     *
     * @param kind what it is (see {@link OutboxRecord#kind()})
     * @param vm   the domain name or uuid it is about, or null
     * @param body its content (copied as it is now; later changes to the node are not recorded)
     * @return its seq
     * @throws IllegalArgumentException for a bad kind or vm, or a body too large for one record
     * @throws IOException when it could not be written; it may or may not be on disk, and the
     *                     outbox refuses further appends until reopened (which settles it)
     */
    long append(String kind, String vm, ObjectNode body) throws IOException;

    /**
     * Appends records under consecutive seqs with one fsync (per segment touched).
     *
     * @return the seq of the last one; the first is {@code last - entries.size() + 1}
     * @throws IllegalArgumentException for an empty list or a bad entry (then none is appended)
     * @throws IOException as {@link #append}; after a crash during this call an unacknowledged
     *                     batch may survive in part (a prefix of whole records), never with a gap
     */
    long appendAll(List<Entry> entries) throws IOException;

    /**
     * Up to {@code max} records from {@code fromSeq} on, in seq order. Records below the oldest
     * retained segment were deleted by retention; a read from there starts at the oldest retained one.
     *
     * @return the records, empty when {@code fromSeq > lastSeq()}
     * @throws OutboxException when a record on disk is damaged (naming the file and line)
     */
    List<OutboxRecord> read(long fromSeq, int max) throws IOException;

    /** The seq of the newest record, 0 when there is none yet. */
    long lastSeq();

    /** Runs {@code listener} (quickly, on the appending thread) after each append has reached the disk. */
    void addAppendListener(Runnable listener);

    void removeAppendListener(Runnable listener);

    /** A record to append: see {@link #append}. */
    record Entry(String kind, String vm, ObjectNode body) {
        public Entry {
            OutboxRecord.checkKind(kind);
            OutboxRecord.checkVm(vm);
            java.util.Objects.requireNonNull(body, "body");
        }
    }
}
