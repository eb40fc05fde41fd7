package org.vmpbd.trap.replay;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Spaces events to a rate on the monotonic clock: event {@code k} is due {@code k / rate} seconds
 * after the first. When the replay fell behind by more than {@value #MAX_LAG_MS} ms (a pause, a
 * stall) it starts counting afresh instead of bursting to catch up. Rate 0: no waiting.
 */
final class Pacer {
    static final long MAX_LAG_MS = 100;
    private static final long MAX_LAG_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_LAG_MS);

    private final double nanosPerEvent;
    private long start;
    private long count;

    Pacer(double rate) {
        this.nanosPerEvent = rate > 0 ? 1e9 / rate : 0;
    }

    /** Waits until the next event is due and returns the monotonic time to stamp it with. */
    long next() throws InterruptedException {
        long now = System.nanoTime();
        if (nanosPerEvent == 0) {
            return now;
        }
        long due = start + (long) (count * nanosPerEvent);
        if (count == 0 || now - due > MAX_LAG_NANOS) {
            start = now;
            count = 0;
            due = now;
        }
        while (now < due) {
            LockSupport.parkNanos(due - now);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            now = System.nanoTime();
        }
        count++;
        return now;
    }
}
