/**
 * The durable local outbox: every verdict, alarm, action and session record of the compute-node
 * daemon is appended here (JSON Lines segments, one CRC'd record per line, fsync'd before the append
 * returns, rotated by size) before anything consumes it.
 *
 * <ul>
 *   <li>{@link org.vmpbd.outbox.FileOutbox}: append, read, recover a torn tail on open.</li>
 *   <li>{@link org.vmpbd.outbox.OutboxCursors}: each consumer's durable position.</li>
 *   <li>{@link org.vmpbd.outbox.OutboxDispatcher}: one thread per {@link org.vmpbd.outbox.OutboxConsumer},
 *       retries with back-off, records final failures.</li>
 *   <li>{@link org.vmpbd.outbox.OutboxRetention}: deletes old, fully consumed segments.</li>
 * </ul>
 *
 * <p>Guarantees: an acknowledged record survives a crash, exactly once, under a seq contiguous with
 * the others; consumers see each record at least once (once, unless a crash falls between their side
 * effect and their cursor commit), so they must be idempotent, keyed by seq.
 */
package org.vmpbd.outbox;
