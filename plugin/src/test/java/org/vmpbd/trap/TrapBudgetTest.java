package org.vmpbd.trap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TrapBudgetTest {
    private final AtomicLong clock = new AtomicLong(5_000_000_000L);

    private TrapBudget budget(int eps, TrapBudget.Mode mode, int... filter) {
        return new TrapBudget(eps, mode, filter, clock::get, null);
    }

    @Test
    void underBudgetEverythingIsScoredAndNothingIsReported() {
        TrapBudget b = budget(20, TrapBudget.Mode.SAMPLE);
        for (int i = 0; i < 100; i++) {
            clock.addAndGet(100_000_000L); // 10 events/s
            assertTrue(b.admit("vm", "vm/" + (i % 3) + "/p/1", i % 4));
        }
        for (int p = 0; p < 3; p++) {
            assertNull(b.end("vm/" + p + "/p/1"));
        }
        assertEquals(0, b.shedCalls("vm"));
        assertEquals(0, b.unscoredProcesses("vm"));
        assertEquals(10, b.peakPerSecond("vm"));
    }

    @Test
    void sampleKeepsAdmittedProcessesWholeAndShedsNewOnesWhole() {
        TrapBudget b = budget(5, TrapBudget.Mode.SAMPLE);
        for (int i = 0; i < 10; i++) {
            assertTrue(b.admit("vm", "A", 0), "admitted with the first token, scored to its end");
        }
        for (int i = 0; i < 4; i++) {
            assertFalse(b.admit("vm", "B", 0), "started over budget: shed whole");
        }
        clock.addAndGet(1_000_000_000L); // bucket full again
        assertTrue(b.admit("vm", "C", 0));
        assertFalse(b.admit("vm", "B", 0), "a shed process stays shed under budget");
        assertTrue(b.admit("vm", "A", 0));
        assertNull(b.end("A"));
        assertNull(b.end("C"));
        BudgetEffect e = b.end("B");
        assertFalse(e.scored());
        assertEquals(5, e.shedCalls());
        assertEquals(3, e.vmProcesses());
        assertEquals(1, e.vmUnscored());
        assertEquals(10 + 4, e.peakPerSecond());
        assertEquals("not scored: over budget; sampled: 2 of 3 processes scored while vm vm ran at 14 events/s"
            + " over its budget of 5", e.describe());
        assertEquals(5, b.shedCalls("vm"));
    }

    @Test
    void filterShedsOnlyCallsOutsideTheFilterWhileOverBudget() {
        TrapBudget b = new TrapBudget(3, TrapBudget.Mode.FILTER, new int[] {1}, clock::get, r -> "policy says " + r);
        int scored = 0;
        for (int i = 0; i < 20; i++) {
            if (b.admit("vm", "P", i % 4)) {
                scored++;
            } else {
                assertTrue(i >= 3 && i % 4 != 1, "only calls outside the filter, only over budget: " + i);
            }
        }
        assertEquals(3 + 4, scored);
        BudgetEffect e = b.end("P");
        assertTrue(e.scored());
        assertEquals(13, e.shedCalls());
        assertEquals("filtered: 13 calls outside the filter dropped while vm vm ran at 20 events/s over its budget"
            + " of 3 (policy says 20.0)", e.describe());
    }

    @Test
    void theBucketRefillsContinuouslyAndExactly() {
        TrapBudget b = budget(4, TrapBudget.Mode.FILTER, 99);
        for (int i = 0; i < 4; i++) {
            assertTrue(b.admit("vm", "P", 0));
        }
        assertFalse(b.admit("vm", "P", 0));
        clock.addAndGet(125_000_000L); // half a token
        assertFalse(b.admit("vm", "P", 0));
        clock.addAndGet(125_000_000L); // the other half
        assertTrue(b.admit("vm", "P", 0));
        assertFalse(b.admit("vm", "P", 0));
        assertTrue(b.admit("other", "Q", 0), "buckets are per VM");
        assertEquals(3, b.end("P").shedCalls());
    }

    @Test
    void badParametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> budget(0, TrapBudget.Mode.SAMPLE));
        assertThrows(IllegalArgumentException.class, () -> budget(10, TrapBudget.Mode.FILTER));
    }
}
