package org.vmpbd.outbox;

/**
 * Something that acts on outbox records (the OpenStack metadata writer, the action executor), fed
 * in seq order by an {@link OutboxDispatcher}.
 *
 * <p><b>Write it idempotently, keyed by {@link OutboxRecord#seq()}.</b> The dispatcher commits the
 * consumer's cursor after {@link #consume} returns; a crash between the side effect and that commit
 * hands the same record over again after the restart. Delivery of the side effect is at least once;
 * the records themselves are in the outbox exactly once.
 */
public interface OutboxConsumer {
    /** The consumer's name: its cursor file; 1-64 letters, digits, '.', '_' or '-'. */
    String name();

    /** Whether it wants records of {@code kind}; the others pass it by (its cursor moves over them). */
    boolean wants(String kind);

    /**
     * Acts on one record. Returning means done (the cursor moves on). Throwing {@link FinalFailure}
     * means it can never be done (a 400 or 409 answer): the failure is recorded and the consumer moves
     * on. Any other exception is a transient failure: the same record is retried, with back-off,
     * for as long as it keeps failing.
     */
    void consume(OutboxRecord record) throws Exception;

    /**
     * A record the consumer can never act on; the dispatcher appends a
     * {@link OutboxRecord#CONSUMER_FAILURE} record naming the consumer, seq and reason, and moves on.
     */
    final class FinalFailure extends Exception {
        public FinalFailure(String reason) {
            super(reason);
        }

        public FinalFailure(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
