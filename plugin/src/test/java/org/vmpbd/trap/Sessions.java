package org.vmpbd.trap;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Test helpers that wait with deadlines, never fixed sleeps. */
public final class Sessions {
    private Sessions() {
    }

    /** Every event until the session is finished and drained; fails after {@code deadline}. */
    public static List<SyscallEvent> drain(TrapSession session, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        List<SyscallEvent> all = new ArrayList<>();
        while (true) {
            boolean over = session.finished();
            List<SyscallEvent> got = session.poll(1024, Duration.ofMillis(50));
            all.addAll(got);
            if (got.isEmpty() && over) {
                return all;
            }
            if (System.nanoTime() > end) {
                fail("session not finished within " + deadline + ": " + session.state() + ", " + session.stats());
            }
        }
    }

    /** Waits until {@code condition} holds; fails with {@code what} after {@code deadline}. */
    public static void await(String what, Duration deadline, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail(what + " did not happen within " + deadline);
            }
            Thread.sleep(10);
        }
    }
}
