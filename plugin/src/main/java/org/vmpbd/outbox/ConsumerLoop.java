package org.vmpbd.outbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer's thread body: reads the records after its cursor, hands over those it wants in seq
 * order, retries a failing one with back-off until it succeeds (never skipping it), records a final
 * failure, and commits the cursor after each record. Sleeps until the next append when it is done.
 */
final class ConsumerLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
    private static final int BATCH = 256;
    /** How long to sleep without an append before looking again (a safety net only: appends wake the loop). */
    static final Duration IDLE_WAIT = Duration.ofSeconds(5);

    private final Outbox outbox;
    private final OutboxCursor cursor;
    private final OutboxConsumer consumer;
    private final RetryBackoff backoff;
    private final long idleWaitNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean signalled;
    private volatile boolean stopping;
    private volatile int failures;
    private volatile String lastError;

    ConsumerLoop(Outbox outbox, OutboxCursor cursor, OutboxConsumer consumer, RetryBackoff backoff, Duration idleWait) {
        this.outbox = outbox;
        this.cursor = cursor;
        this.consumer = consumer;
        this.backoff = backoff;
        this.idleWaitNanos = idleWait.toNanos();
    }

    @Override
    public void run() {
        long pos = cursor.position();
        int readFailures = 0;
        while (!stopping) {
            clearSignal();
            List<OutboxRecord> batch;
            try {
                batch = outbox.read(pos + 1, BATCH);
            } catch (Exception e) {
                failed("reading the outbox after seq " + pos, e, ++readFailures);
                continue;
            }
            if (readFailures > 0) {
                readFailures = 0;
                succeeded();
            }
            if (batch.isEmpty()) {
                awaitAppend();
                continue;
            }
            for (OutboxRecord r : batch) {
                if (stopping) {
                    break;
                }
                boolean wanted = consumer.wants(r.kind());
                if (wanted && !deliver(r)) {
                    break;
                }
                pos = r.seq();
                if (wanted) {
                    commit(pos);
                }
            }
            commit(pos); // past the records it does not want
        }
    }

    /** Hands {@code r} over until it is done or finally failed; false when stopped first. */
    private boolean deliver(OutboxRecord r) {
        int attempts = 0;
        while (!stopping) {
            try {
                consumer.consume(r);
                succeeded();
                return true;
            } catch (OutboxConsumer.FinalFailure f) {
                succeeded();
                return recordFinalFailure(r, f);
            } catch (Exception e) {
                failed("seq " + r.seq() + " (" + r.kind() + ")", e, ++attempts);
            }
        }
        return false;
    }

    private boolean recordFinalFailure(OutboxRecord r, OutboxConsumer.FinalFailure f) {
        if (r.kind().equals(OutboxRecord.CONSUMER_FAILURE)) {
            LOG.error("outbox consumer {} gave up on seq {}, itself a consumer-failure record: {}", consumer.name(),
                r.seq(), f.getMessage());
            return true;
        }
        LOG.error("outbox consumer {} gave up on seq {} ({}): {}", consumer.name(), r.seq(), r.kind(), f.getMessage());
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("consumer", consumer.name());
        body.put("seq", r.seq());
        body.put("kind", r.kind());
        body.put("reason", String.valueOf(f.getMessage()));
        int attempts = 0;
        while (!stopping) {
            try {
                outbox.append(OutboxRecord.CONSUMER_FAILURE, r.vm(), body);
                return true;
            } catch (Exception e) {
                failed("recording the final failure of seq " + r.seq(), e, ++attempts);
            }
        }
        return false;
    }

    private void commit(long pos) {
        int attempts = 0;
        while (true) {
            try {
                cursor.commit(pos);
                if (attempts > 0) {
                    succeeded();
                }
                return;
            } catch (Exception e) {
                if (stopping) {
                    LOG.warn("outbox consumer {}: cursor not committed at {} while stopping: {}", consumer.name(), pos,
                        e.toString());
                    return;
                }
                failed("committing the cursor at " + pos, e, ++attempts);
            }
        }
    }

    private void succeeded() {
        if (failures > 0) {
            LOG.info("outbox consumer {} recovered after {} failed attempts", consumer.name(), failures);
        }
        failures = 0;
        lastError = null;
    }

    /** Notes the {@code n}-th failure in a row of one step and waits the back-off (or until stopped). */
    private void failed(String what, Exception e, int n) {
        failures = n;
        lastError = what + ": " + e;
        Duration wait = backoff.delay(n);
        LOG.warn("outbox consumer {}: failure {} {}: {}; retrying in {}", consumer.name(), n, what, e.toString(), wait);
        pause(wait.toNanos());
    }

    void signal() {
        lock.lock();
        try {
            signalled = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void stop() {
        lock.lock();
        try {
            stopping = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void clearSignal() {
        lock.lock();
        try {
            signalled = false;
        } finally {
            lock.unlock();
        }
    }

    private void awaitAppend() {
        lock.lock();
        try {
            long left = idleWaitNanos;
            while (!signalled && !stopping && left > 0) {
                left = wake.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            stopping = true;
        } finally {
            lock.unlock();
        }
    }

    private void pause(long nanos) {
        lock.lock();
        try {
            long left = nanos;
            while (!stopping && left > 0) {
                left = wake.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            stopping = true;
        } finally {
            lock.unlock();
        }
    }

    OutboxDispatcher.ConsumerStatus status() {
        return new OutboxDispatcher.ConsumerStatus(consumer.name(), cursor.position(), failures, lastError);
    }
}
