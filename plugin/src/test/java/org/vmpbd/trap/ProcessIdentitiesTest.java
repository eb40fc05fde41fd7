package org.vmpbd.trap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessIdentitiesTest {
    @Test
    void execAndExitGroupStartNewGenerationsButThreadExitDoesNot() {
        ProcessIdentities ids = ProcessIdentities.linuxX8664();
        long a = ids.generation(100, "sh", 0);
        assertEquals(a, ids.generation(100, "sh", 1));
        assertEquals(a, ids.generation(100, "sh", 59), "execve belongs to the old program");
        long b = ids.generation(100, "sh", 12);
        assertNotEquals(a, b, "first call after execve is a new program");
        assertEquals(b, ids.generation(100, "sh", 60), "exit ends a thread only");
        assertEquals(b, ids.generation(100, "sh", 231));
        long c = ids.generation(100, "sh", 0);
        assertNotEquals(b, c, "pid reused after exit_group");
        long d = ids.generation(100, "marker", 0);
        assertNotEquals(c, d, "comm changed");
        assertNotEquals(d, ids.generation(101, "marker", 0), "another pid");
        assertEquals(5, ids.count());
    }

    @Test
    void bufferDropsAndCountsWhenFull() throws Exception {
        EventBuffer buf = new EventBuffer(3);
        for (int i = 0; i < 10; i++) {
            buf.offer(new SyscallEvent("vm", 0, 0, 1, "x", 1, i, "linux-x86_64", null, i));
        }
        assertEquals(3, buf.buffered());
        assertEquals(7, buf.dropped());
        assertEquals(3, buf.poll(10, Duration.ZERO).size());
        assertEquals(0, buf.poll(10, Duration.ofMillis(1)).size());
    }
}
