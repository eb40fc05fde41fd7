package org.vmpbd.trap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vmpbd.trap.Sessions.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DriverSessionTest {
    /** Death must be reported within 5 s; a little slack for a loaded machine. */
    private static final Duration FIVE_SECONDS = Duration.ofMillis(5_500);

    private static SyscallEvent event(int nr) {
        return new SyscallEvent("vm", 0, 0x1000, 1, "p", 1, nr, "linux-x86_64", null, nr);
    }

    /** Emits events until told to fail, then does what {@code failure} says. */
    private static final class Scripted extends DriverSession {
        final AtomicBoolean alive = new AtomicBoolean(true);
        final CountDownLatch released = new CountDownLatch(1);
        final Runnable failure;
        volatile boolean hangProbe;

        Scripted(Runnable failure) {
            super("test of vm", 16);
            this.failure = failure;
        }

        @Override
        protected void produce() throws Exception {
            int nr = 0;
            while (awaitEnabled()) {
                emit(event(nr++ % 10));
                if (nr == 3) {
                    failure.run();
                }
                Thread.sleep(5);
            }
        }

        @Override
        protected String probe() throws Exception {
            if (hangProbe) {
                Thread.sleep(60_000);
            }
            return alive.get() ? null : "guest gone";
        }

        @Override
        protected void release() {
            released.countDown();
        }
    }

    @Test
    void aProducerThatThrowsMakesTheSessionDeadWithTheReason() throws Exception {
        try (Scripted s = new Scripted(() -> {
            throw new IllegalStateException("debug stub hung up");
        })) {
            s.enable();
            await("DEAD", FIVE_SECONDS, () -> s.state() == TrapSession.State.DEAD);
            assertTrue(s.deathReason().contains("test of vm") && s.deathReason().contains("debug stub hung up"),
                s.deathReason());
            assertTrue(s.finished());
            assertEquals(3, s.poll(10, Duration.ZERO).size(), "buffered events stay available");
            long start = System.nanoTime();
            assertTrue(s.poll(10, Duration.ofSeconds(30)).isEmpty());
            assertTrue(System.nanoTime() - start < 1_000_000_000L, "empty at once when dead and drained");
            TrapException e = assertThrows(TrapException.class, s::enable);
            assertTrue(e.getMessage().contains("debug stub hung up"), e.getMessage());
        }
    }

    @Test
    void aFailingLivenessProbeMakesTheSessionDeadWithinFiveSeconds() throws Exception {
        try (Scripted s = new Scripted(() -> { })) {
            s.enable();
            s.alive.set(false);
            await("DEAD", FIVE_SECONDS, () -> s.state() == TrapSession.State.DEAD);
            assertTrue(s.deathReason().contains("guest gone"), s.deathReason());
        }
    }

    @Test
    void aHangingLivenessProbeMakesTheSessionDeadWithinFiveSeconds() throws Exception {
        try (Scripted s = new Scripted(() -> { })) {
            s.hangProbe = true;
            s.enable();
            await("DEAD", FIVE_SECONDS, () -> s.state() == TrapSession.State.DEAD);
            assertTrue(s.deathReason().contains("did not answer"), s.deathReason());
        }
    }

    @Test
    void aDisabledSessionIsStillWatchedAndCloseReleasesOnce() throws Exception {
        Scripted s = new Scripted(() -> { });
        s.enable();
        s.disable();
        s.alive.set(false);
        await("DEAD", FIVE_SECONDS, () -> s.state() == TrapSession.State.DEAD);
        s.close();
        s.close();
        assertEquals(0, s.released.getCount());
        assertEquals(TrapSession.State.CLOSED, s.state());
        assertTrue(s.deathReason().contains("guest gone"), "the reason survives close");
    }
}
