package org.vmpbd.trust;

import java.time.Duration;
import java.time.Instant;

/** Whether a measurement exactly one window old still counts (a named choice). */
public enum WindowEdge {
    /** The window is {@code (now − t, now]}: a measurement exactly t old has left it (default). */
    EXCLUDE_OLDEST,
    /** The window is {@code [now − t, now]}. */
    INCLUDE_OLDEST;

    /** Whether a measurement taken {@code at} is in the window of length {@code window} ending {@code now}. */
    public boolean contains(Instant at, Instant now, Duration window) {
        if (at.isAfter(now)) {
            return false;
        }
        Instant start = now.minus(window);
        return this == EXCLUDE_OLDEST ? at.isAfter(start) : !at.isBefore(start);
    }
}
