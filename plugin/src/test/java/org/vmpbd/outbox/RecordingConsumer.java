package org.vmpbd.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** A test consumer: records the seqs it finished; {@link Behaviour} decides per attempt whether to fail. */
final class RecordingConsumer implements OutboxConsumer {
    /** What to do with an attempt: return normally, or throw. */
    interface Behaviour {
        void on(OutboxRecord r, int attempt) throws Exception;
    }

    private final String name;
    private final Set<String> kinds;
    private final Behaviour behaviour;
    private final List<Long> done = new ArrayList<>();
    private final List<Long> attempts = new ArrayList<>();

    RecordingConsumer(String name, Set<String> kinds, Behaviour behaviour) {
        this.name = name;
        this.kinds = kinds;
        this.behaviour = behaviour;
    }

    RecordingConsumer(String name) {
        this(name, null, (r, a) -> { });
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean wants(String kind) {
        return kinds == null || kinds.contains(kind);
    }

    @Override
    public void consume(OutboxRecord r) throws Exception {
        int attempt;
        synchronized (this) {
            attempts.add(r.seq());
            attempt = (int) attempts.stream().filter(s -> s == r.seq()).count();
        }
        behaviour.on(r, attempt);
        synchronized (this) {
            done.add(r.seq());
        }
    }

    synchronized List<Long> done() {
        return List.copyOf(done);
    }

    synchronized List<Long> attempts() {
        return List.copyOf(attempts);
    }

    /** Waits (at most 20 s: a guard against a hang, not a timing assertion) until {@code condition} holds. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.sleep(2);
        }
    }
}
