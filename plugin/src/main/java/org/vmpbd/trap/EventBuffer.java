package org.vmpbd.trap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded buffer between a driver's trap handler and the session's consumer. {@link #offer}
 * never blocks: when the buffer is full the event is dropped and counted.
 */
public final class EventBuffer {
    private final ArrayBlockingQueue<SyscallEvent> queue;
    private final AtomicLong buffered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    public EventBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("event buffer capacity must be >= 1, got " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** @return false if the buffer was full and the event was dropped */
    public boolean offer(SyscallEvent e) {
        if (queue.offer(e)) {
            buffered.incrementAndGet();
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    /** Up to {@code max} events, waiting at most {@code timeout} for the first one. */
    public List<SyscallEvent> poll(int max, Duration timeout) throws InterruptedException {
        List<SyscallEvent> out = new ArrayList<>(Math.min(max, 1024));
        SyscallEvent first = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (first == null) {
            return out;
        }
        out.add(first);
        queue.drainTo(out, max - 1);
        return out;
    }

    /**
     * Up to {@code max} events, waiting at most {@code timeout} for the first, but looking at
     * {@code ended} at least every 100 ms so that a session that dies or closes meanwhile answers
     * at once instead of at the end of a long timeout.
     */
    public List<SyscallEvent> poll(int max, Duration timeout, java.util.function.BooleanSupplier ended)
        throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            List<SyscallEvent> got = poll(max, Duration.ofNanos(Math.max(0, Math.min(left, 100_000_000L))));
            if (!got.isEmpty() || left <= 0 || ended.getAsBoolean()) {
                return got;
            }
        }
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    public long buffered() {
        return buffered.get();
    }

    public long dropped() {
        return dropped.get();
    }
}
