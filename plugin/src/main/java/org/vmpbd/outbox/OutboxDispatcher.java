package org.vmpbd.outbox;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the outbox to its consumers, one thread per consumer ({@code outbox-<name>}): each gets
 * the records after its durable cursor, in seq order, the cursor committed after each one it has
 * finished. A failing record is retried with capped exponential back-off for as long as it fails,
 * never skipped; a {@link OutboxConsumer.FinalFailure} is recorded as a
 * {@link OutboxRecord#CONSUMER_FAILURE} record and passed. The threads sleep until the next append.
 * See {@link OutboxConsumer} for the delivery guarantee (at least once; write consumers idempotently).
 * Close the dispatcher before the outbox.
 */
public final class OutboxDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final long JOIN_MILLIS = TimeUnit.SECONDS.toMillis(30);

    private final Outbox outbox;
    private final OutboxCursors cursors;
    private final List<OutboxConsumer> consumers;
    private final RetryBackoff backoff;
    private final Duration idleWait;
    private final List<ConsumerLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Runnable wakeAll = () -> loops.forEach(ConsumerLoop::signal);
    private boolean started;
    private boolean closed;

    /**
     * @param consumers each with its own name
     * @param backoff   the wait between retries of a failing record ({@link RetryBackoff#DEFAULT})
     */
    public OutboxDispatcher(Outbox outbox, OutboxCursors cursors, List<OutboxConsumer> consumers, RetryBackoff backoff) {
        this(outbox, cursors, consumers, backoff, ConsumerLoop.IDLE_WAIT);
    }

    /** As the public constructor, with the idle re-check interval set (tests make it long to prove appends wake). */
    OutboxDispatcher(Outbox outbox, OutboxCursors cursors, List<OutboxConsumer> consumers, RetryBackoff backoff,
        Duration idleWait) {
        Set<String> names = new HashSet<>();
        for (OutboxConsumer c : consumers) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("two outbox consumers are named '" + c.name() + "'");
            }
        }
        this.outbox = outbox;
        this.cursors = cursors;
        this.consumers = List.copyOf(consumers);
        this.backoff = backoff;
        this.idleWait = idleWait;
    }

    /**
     * Registers the consumers' cursors and starts their threads.
     *
     * @throws OutboxException when a cursor is past the outbox's last record (it belongs to another outbox)
     */
    public synchronized void start() throws IOException {
        if (started) {
            throw new IllegalStateException("outbox dispatcher already started");
        }
        List<ConsumerLoop> ready = new ArrayList<>();
        long last = outbox.lastSeq();
        for (OutboxConsumer c : consumers) {
            OutboxCursor cursor = cursors.cursor(c.name());
            if (cursor.position() > last) {
                throw new OutboxException("outbox consumer " + c.name() + ": its cursor is at seq " + cursor.position()
                    + " but the outbox ends at " + last + " (the cursor belongs to another outbox)");
            }
            ready.add(new ConsumerLoop(outbox, cursor, c, backoff, idleWait));
        }
        started = true;
        loops.addAll(ready);
        outbox.addAppendListener(wakeAll);
        for (int i = 0; i < loops.size(); i++) {
            Thread t = new Thread(loops.get(i), "outbox-" + consumers.get(i).name());
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((th, e) -> LOG.error("outbox consumer thread {} died", th.getName(), e));
            threads.add(t);
            t.start();
        }
    }

    /** Where each consumer stands: committed position, consecutive failures, the last one. */
    public synchronized List<ConsumerStatus> status() {
        return loops.stream().map(ConsumerLoop::status).toList();
    }

    /**
     * Stops the threads and waits for them: a consumer in the middle of a record finishes it first
     * (after 30 s it is interrupted). Records not yet finished are handed over again next time.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        outbox.removeAppendListener(wakeAll);
        loops.forEach(ConsumerLoop::stop);
        boolean interrupted = false;
        for (Thread t : threads) {
            try {
                t.join(JOIN_MILLIS);
                if (t.isAlive()) {
                    LOG.warn("outbox consumer thread {} did not stop within {} ms; interrupting it", t.getName(),
                        JOIN_MILLIS);
                    t.interrupt();
                    t.join(JOIN_MILLIS);
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One consumer's state.
     *
     * @param consumer  its name
     * @param position  the last seq it has finished (its committed cursor)
     * @param failures  how many times in a row the current record (or a read or commit) has failed; 0 when healthy
     * @param lastError what the last of those failures was, or null
     */
    public record ConsumerStatus(String consumer, long position, int failures, String lastError) {
    }
}
