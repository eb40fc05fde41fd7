package org.vmpbd.daemon.metrics;

import java.util.Arrays;

/**
 * Events per second over a sliding window of whole seconds: a ring of per-second counts, one
 * slot per second of the window. The rate at time t is the events recorded in the window's
 * seconds (the current, partial one included) divided by the time the window covers up to t
 * (between {@code window - 1} and {@code window} seconds; less for a series younger than the
 * window, but at least one second). Times are nanoseconds from one monotonic clock.
 * Synchronized: one writer (a VM's pump) and the scrape.
 */
final class SlidingRate {
    private static final long SECOND = 1_000_000_000L;

    private final int windowSeconds;
    private final long createdAt;
    private final long[] slotSecond;
    private final long[] slotCount;

    SlidingRate(int windowSeconds, long createdAt) {
        if (windowSeconds < 1) {
            throw new IllegalArgumentException("rate window must be at least 1 s, got " + windowSeconds);
        }
        this.windowSeconds = windowSeconds;
        this.createdAt = createdAt;
        this.slotSecond = new long[windowSeconds];
        this.slotCount = new long[windowSeconds];
        Arrays.fill(slotSecond, Long.MIN_VALUE);
    }

    /** Records {@code n} events at {@code now}. */
    synchronized void record(long now, long n) {
        long second = Math.floorDiv(now, SECOND);
        int slot = (int) Math.floorMod(second, windowSeconds);
        if (slotSecond[slot] != second) {
            if (slotSecond[slot] > second) {
                return; // older than the window: the clock went back, ignore
            }
            slotSecond[slot] = second;
            slotCount[slot] = 0;
        }
        slotCount[slot] += n;
    }

    /** Events per second over the window ending at {@code now}. */
    synchronized double perSecond(long now) {
        long second = Math.floorDiv(now, SECOND);
        long first = second - windowSeconds + 1;
        long events = 0;
        for (int i = 0; i < windowSeconds; i++) {
            if (slotSecond[i] >= first && slotSecond[i] <= second) {
                events += slotCount[i];
            }
        }
        long start = Math.max(first * SECOND, createdAt);
        long covered = Math.max(now - start, SECOND);
        return events * (double) SECOND / covered;
    }
}
