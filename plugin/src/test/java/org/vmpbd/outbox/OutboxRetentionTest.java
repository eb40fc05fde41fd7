package org.vmpbd.outbox;

import org.vmpbd.testing.ManualClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention deletes only old segments every consumer has finished, never the active one. */
class OutboxRetentionTest {
    private static final Duration WEEK = OutboxRetention.DEFAULT_RETENTION;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T10:00:00Z"));

    /** 30 records a day apart, in segments of about 4 records. */
    private FileOutbox filled() throws IOException {
        FileOutbox o = FileOutbox.open(dir, 300, clock);
        for (int i = 1; i <= 30; i++) {
            o.append("verdict", "vm", Bodies.n(i));
            clock.advance(Duration.ofDays(1));
        }
        assertTrue(o.segments().size() >= 5, o.segments().toString());
        return o;
    }

    @Test
    void deletesOnlyOldFullyConsumedSegments() throws IOException {
        try (FileOutbox o = filled()) {
            OutboxCursors cursors = new OutboxCursors(dir);
            OutboxRetention retention = new OutboxRetention(o, cursors, WEEK, clock);
            assertEquals(List.of(), retention.prune(), "no consumer registered: nothing goes");

            cursors.cursor("meta").commit(30);
            cursors.cursor("actions").commit(9);
            List<OutboxSegment> before = o.segments();
            List<Path> deleted = retention.prune();
            List<Path> expected = before.stream().filter(s -> s.lastSeq() <= 9).map(OutboxSegment::file).toList();
            assertFalse(expected.isEmpty());
            assertEquals(expected, deleted, "only what the slowest consumer has finished");
            deleted.forEach(p -> assertFalse(Files.exists(p), p.toString()));
            assertEquals(before.get(expected.size()).firstSeq(), o.firstSeq());
            assertEquals(o.firstSeq(), o.read(1, 1).get(0).seq(), "a read from a pruned seq starts at the oldest kept");

            cursors.cursor("actions").commit(30);
            List<OutboxSegment> middle = o.segments();
            Instant cutoff = clock.instant().minus(WEEK);
            List<Path> old = middle.subList(0, middle.size() - 1).stream().filter(s -> s.lastTime().isBefore(cutoff))
                .map(OutboxSegment::file).toList();
            assertFalse(old.isEmpty());
            assertTrue(old.size() < middle.size() - 1, "some segments are younger than a week");
            assertEquals(old, retention.prune(), "all consumed now: exactly the segments older than a week");
            List<OutboxSegment> left = o.segments();
            assertEquals(middle.subList(old.size(), middle.size()), left);
            List<OutboxRecord> kept = o.read(1, 100);
            assertEquals(left.get(0).firstSeq(), kept.get(0).seq());
            assertEquals(30, kept.get(kept.size() - 1).seq());
            assertEquals(List.of(), retention.prune(), "nothing more until time passes");
        }
    }

    @Test
    void neverDeletesTheActiveSegment() throws IOException {
        try (FileOutbox o = filled()) {
            OutboxCursors cursors = new OutboxCursors(dir);
            cursors.cursor("meta").commit(30);
            clock.advance(Duration.ofDays(365));
            new OutboxRetention(o, cursors, WEEK, clock).prune();
            assertEquals(1, o.segments().size());
            OutboxSegment active = o.segments().get(0);
            assertEquals(30, active.lastSeq());
            assertEquals(31, o.append("verdict", "vm", Bodies.n(31)));
        }
        try (FileOutbox o = FileOutbox.open(dir, 300, clock)) {
            assertEquals(31, o.lastSeq(), "the outbox reopens after pruning and goes on");
        }
    }

    @Test
    void aNegativeRetentionIsRefused() throws IOException {
        try (FileOutbox o = FileOutbox.open(dir, 300, clock)) {
            assertThrows(IllegalArgumentException.class,
                () -> new OutboxRetention(o, new OutboxCursors(dir), Duration.ofDays(-1), clock));
        }
    }
}
