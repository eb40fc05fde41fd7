package org.vmpbd.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Consumers get every record once, in order, resume from their cursor, retry without skipping, record final failures. */
class OutboxDispatcherTest {
    private static final RetryBackoff TINY = new RetryBackoff(Duration.ofMillis(1), Duration.ofMillis(4));

    @TempDir
    Path dir;

    private FileOutbox open() throws IOException {
        return FileOutbox.open(dir, 2048, Clock.systemUTC());
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private static long position(OutboxDispatcher d, String consumer) {
        return d.status().stream().filter(s -> s.consumer().equals(consumer)).findFirst().orElseThrow().position();
    }

    @Test
    void deliversEachRecordOnceInOrderToEachConsumer() throws Exception {
        try (FileOutbox o = open()) {
            for (int i = 1; i <= 50; i++) {
                o.append(i % 5 == 0 ? "alarm" : "verdict", "vm", Bodies.n(i));
            }
            RecordingConsumer all = new RecordingConsumer("all");
            RecordingConsumer alarms = new RecordingConsumer("alarms", Set.of("alarm"), (r, a) -> { });
            try (OutboxDispatcher d = new OutboxDispatcher(o, new OutboxCursors(dir), List.of(all, alarms), TINY)) {
                d.start();
                for (int i = 51; i <= 120; i++) {
                    o.append(i % 5 == 0 ? "alarm" : "verdict", "vm", Bodies.n(i));
                }
                RecordingConsumer.await("all 120", () -> all.done().size() >= 120 && position(d, "all") == 120);
                RecordingConsumer.await("alarms' cursor at 120", () -> position(d, "alarms") == 120);
                assertEquals(range(1, 120), all.done());
                assertEquals(range(1, 120), all.attempts(), "no redelivery");
                assertEquals(LongStream.rangeClosed(1, 24).map(i -> i * 5).boxed().toList(), alarms.done());
            }
            OutboxCursors cursors = new OutboxCursors(dir);
            assertEquals(120, cursors.cursor("all").position());
            assertEquals(120, cursors.cursor("alarms").position());
        }
    }

    @Test
    void anAppendWakesTheConsumer() {
        // the idle re-check is an hour away: only the append's wake-up can deliver in time
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (FileOutbox o = open()) {
                RecordingConsumer c = new RecordingConsumer("c");
                try (OutboxDispatcher d = new OutboxDispatcher(o, new OutboxCursors(dir), List.of(c), TINY,
                    Duration.ofHours(1))) {
                    d.start();
                    for (int i = 1; i <= 20; i++) {
                        Thread.sleep(1); // let the consumer go idle now and then
                        long seq = o.append("verdict", "vm", Bodies.n(i));
                        RecordingConsumer.await("seq " + seq, () -> c.done().contains(seq));
                    }
                }
                assertEquals(range(1, 20), c.done());
            }
        });
    }

    @Test
    void resumesFromItsCursorAfterReopenWithoutRedelivering() throws Exception {
        RecordingConsumer first = new RecordingConsumer("meta");
        try (FileOutbox o = open()) {
            for (int i = 1; i <= 10; i++) {
                o.append("verdict", "vm", Bodies.n(i));
            }
            try (OutboxDispatcher d = new OutboxDispatcher(o, new OutboxCursors(dir), List.of(first), TINY)) {
                d.start();
                RecordingConsumer.await("10 done and committed", () -> position(d, "meta") == 10);
            }
        }
        assertEquals(range(1, 10), first.done());
        RecordingConsumer second = new RecordingConsumer("meta");
        try (FileOutbox o = open()) {
            for (int i = 11; i <= 15; i++) {
                o.append("verdict", "vm", Bodies.n(i));
            }
            try (OutboxDispatcher d = new OutboxDispatcher(o, new OutboxCursors(dir), List.of(second), TINY)) {
                d.start();
                RecordingConsumer.await("15 committed", () -> position(d, "meta") == 15);
            }
        }
        assertEquals(range(11, 15), second.attempts());
    }

    @Test
    void aFailingRecordIsRetriedWithBackOffAndNothingIsSkipped() throws Exception {
        AtomicBoolean healed = new AtomicBoolean();
        RecordingConsumer c = new RecordingConsumer("flaky", null, (r, attempt) -> {
            if (r.seq() == 3 && !healed.get()) {
                throw new IllegalStateException("nova unavailable (attempt " + attempt + ")");
            }
        });
        try (FileOutbox o = open()) {
            for (int i = 1; i <= 5; i++) {
                o.append("verdict", "vm", Bodies.n(i));
            }
            try (OutboxDispatcher d = new OutboxDispatcher(o, new OutboxCursors(dir), List.of(c), TINY)) {
                d.start();
                RecordingConsumer.await("several failed attempts", () -> d.status().get(0).failures() >= 4);
                OutboxDispatcher.ConsumerStatus s = d.status().get(0);
                assertEquals(2, s.position());
                assertTrue(s.lastError().startsWith("seq 3 (verdict): java.lang.IllegalStateException: nova unavailable"),
                    s.lastError());
                assertEquals(range(1, 2), c.done());
                healed.set(true);
                RecordingConsumer.await("all 5", () -> position(d, "flaky") == 5);
                assertEquals(0, d.status().get(0).failures());
            }
        }
        assertEquals(range(1, 5), c.done());
        List<Long> attempts = c.attempts();
        assertTrue(attempts.stream().filter(s -> s == 3).count() >= 5, attempts.toString());
        assertEquals(List.of(1L, 2L, 3L), attempts.subList(0, 3));
        assertEquals(List.of(4L, 5L), attempts.subList(attempts.size() - 2, attempts.size()), "4 only after 3 succeeded");
    }

    @Test
    void aFinalFailureIsRecordedAndPassed() throws Exception {
        RecordingConsumer c = new RecordingConsumer("executor", Set.of("action"), (r, attempt) -> {
            if (r.body().get("n").asInt() == 2) {
                throw new OutboxConsumer.FinalFailure("HTTP 409: instance is locked");
            }
        });
        try (FileOutbox o = open()) {
            for (int i = 1; i <= 3; i++) {
                o.append("action", "web" + i, Bodies.n(i));
            }
            try (OutboxDispatcher d = new OutboxDispatcher(o, new OutboxCursors(dir), List.of(c), TINY)) {
                d.start();
                RecordingConsumer.await("the failure record passed too", () -> position(d, "executor") == 4);
            }
            assertEquals(List.of(1L, 3L), c.done());
            assertEquals(List.of(1L, 2L, 3L), c.attempts(), "a final failure is not retried");
            OutboxRecord f = o.read(4, 1).get(0);
            assertEquals(OutboxRecord.CONSUMER_FAILURE, f.kind());
            assertEquals("web2", f.vm());
            assertEquals("executor", f.body().get("consumer").asText());
            assertEquals(2, f.body().get("seq").asLong());
            assertEquals("action", f.body().get("kind").asText());
            assertEquals("HTTP 409: instance is locked", f.body().get("reason").asText());
            assertEquals(4, o.lastSeq(), "exactly one failure record");
        }
    }

    @Test
    void aFinalFailureOnAFailureRecordIsNotRecordedAgain() throws Exception {
        RecordingConsumer c = new RecordingConsumer("grumpy", null, (r, attempt) -> {
            throw new OutboxConsumer.FinalFailure("never");
        });
        try (FileOutbox o = open()) {
            o.append("verdict", "vm", Bodies.n(1));
            try (OutboxDispatcher d = new OutboxDispatcher(o, new OutboxCursors(dir), List.of(c), TINY)) {
                d.start();
                RecordingConsumer.await("past the failure record", () -> position(d, "grumpy") == 2);
            }
            assertEquals(2, o.lastSeq(), "no failure record about a failure record");
        }
    }

    @Test
    void closeStopsAConsumerWaitingOutALongBackOff() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            RecordingConsumer c = new RecordingConsumer("down", null, (r, a) -> {
                throw new IOException("connection refused");
            });
            try (FileOutbox o = open()) {
                o.append("verdict", "vm", Bodies.n(1));
                OutboxDispatcher d = new OutboxDispatcher(o, new OutboxCursors(dir), List.of(c),
                    new RetryBackoff(Duration.ofHours(1), Duration.ofHours(1)));
                d.start();
                RecordingConsumer.await("a failure", () -> d.status().get(0).failures() == 1);
                d.close();
                assertEquals(0, d.status().get(0).position());
                assertEquals(List.of(1L), c.attempts());
            }
        });
    }

    @Test
    void aCursorBeyondTheOutboxIsRefused() throws IOException {
        try (FileOutbox o = open()) {
            o.append("verdict", "vm", Bodies.n(1));
            new OutboxCursors(dir).cursor("stray").commit(7);
            OutboxDispatcher d = new OutboxDispatcher(o, new OutboxCursors(dir), List.of(new RecordingConsumer("stray")),
                TINY);
            OutboxException e = assertThrows(OutboxException.class, d::start);
            assertEquals("outbox consumer stray: its cursor is at seq 7 but the outbox ends at 1 (the cursor belongs to "
                + "another outbox)", e.getMessage());
            d.close();
        }
    }

    @Test
    void consumerNamesMustDiffer() {
        List<OutboxConsumer> twins = new ArrayList<>(List.of(new RecordingConsumer("x"), new RecordingConsumer("x")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new OutboxDispatcher(null, null, twins, TINY));
        assertFalse(e.getMessage().isEmpty());
    }
}
