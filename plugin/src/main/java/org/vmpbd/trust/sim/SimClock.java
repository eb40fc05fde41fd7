package org.vmpbd.trust.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The simulation's clock (for the policy's {@code SeverityTracker}); moved by the simulation only. */
final class SimClock extends Clock {
    private Instant now;

    SimClock(Instant start) {
        this.now = start;
    }

    void set(Instant t) {
        now = t;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the simulation clock is UTC");
    }

    @Override
    public Instant instant() {
        return now;
    }
}
