package org.vmpbd.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SlidingRateTest {
    private static final long S = 1_000_000_000L;

    @Test
    void aSlotReusedAfterAFullTurnForgetsItsOldCount() {
        SlidingRate r = new SlidingRate(10, 0);
        r.record(3 * S, 70);
        r.record(13 * S, 10);                   // same slot, ten seconds later
        assertEquals(10 / 9.0, r.perSecond(13 * S), 1e-12);
    }

    @Test
    void staleSlotsOutsideTheWindowDoNotCount() {
        SlidingRate r = new SlidingRate(10, 0);
        r.record(5 * S, 1000);
        r.record(24 * S, 9);
        assertEquals(9 / 9.5, r.perSecond(24 * S + S / 2), 1e-12);
    }

    @Test
    void worksOnANegativeClockOrigin() {
        SlidingRate r = new SlidingRate(10, -100 * S);
        for (long t = -20; t < 0; t++) {
            r.record(t * S, 50);
        }
        assertEquals(50.0, r.perSecond(0), 1e-12);
    }

    @Test
    void anEventTooOldForTheWindowIsIgnored() {
        SlidingRate r = new SlidingRate(10, 0);
        r.record(15 * S, 10);
        r.record(5 * S, 1000);                  // slot 5 holds second 15: older, ignored
        assertEquals(10 / 9.0, r.perSecond(15 * S), 1e-12);
    }

    /** Property-style: the rate is the sum of the events in the window's seconds over the time covered. */
    @Test
    void matchesANaiveSumForRandomRecords() {
        Random random = new Random(77L);
        for (int round = 0; round < 50; round++) {
            int window = 1 + random.nextInt(12);
            long start = (random.nextInt(2000) - 1000) * S;
            SlidingRate r = new SlidingRate(window, start);
            long t = start;
            long[] times = new long[200];
            long[] counts = new long[200];
            for (int i = 0; i < times.length; i++) {
                t += random.nextInt(3) * S / 2 + random.nextInt(1000);
                times[i] = t;
                counts[i] = random.nextInt(100);
                r.record(t, counts[i]);
            }
            long query = t + random.nextInt(3) * S;
            long nowSec = Math.floorDiv(query, S);
            long first = nowSec - window + 1;
            long events = 0;
            for (int i = 0; i < times.length; i++) {
                long sec = Math.floorDiv(times[i], S);
                if (sec >= first && sec <= nowSec) {
                    events += counts[i];
                }
            }
            long covered = Math.max(query - Math.max(first * S, start), S);
            assertEquals(events * (double) S / covered, r.perSecond(query), 1e-9, "round " + round);
        }
    }

    @Test
    void aWindowShorterThanASecondIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SlidingRate(0, 0));
    }
}
