package org.vmpbd.outbox;

import org.vmpbd.testing.ManualClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Append, read, rotate, reopen, recover: the outbox on disk. */
class FileOutboxTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);

    private FileOutbox open(long segmentBytes) throws IOException {
        return FileOutbox.open(dir, segmentBytes, clock);
    }

    private static List<Long> seqs(List<OutboxRecord> records) {
        return records.stream().map(OutboxRecord::seq).toList();
    }

    private static List<Long> range(long from, long to) {
        List<Long> l = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            l.add(i);
        }
        return l;
    }

    private Path lastSegment(FileOutbox o) {
        List<OutboxSegment> s = o.segments();
        return s.get(s.size() - 1).file();
    }

    @Test
    void roundTripAcrossRotation() throws IOException {
        try (FileOutbox o = open(600)) {
            for (int i = 1; i <= 200; i++) {
                clock.advance(Duration.ofSeconds(1));
                assertEquals(i, o.append(i % 3 == 0 ? "alarm" : "verdict", i % 5 == 0 ? null : "vm" + (i % 4), Bodies.n(i)));
            }
            assertTrue(o.segments().size() > 10, "rotated: " + o.segments().size());
            for (OutboxSegment s : o.segments()) {
                assertTrue(s.bytes() <= 600, s.toString());
                assertEquals(SegmentFiles.name(s.firstSeq()), s.file().getFileName().toString());
            }
            List<OutboxRecord> all = o.read(1, 1000);
            assertEquals(range(1, 200), seqs(all));
            for (OutboxRecord r : all) {
                int i = (int) r.seq();
                assertEquals(i % 3 == 0 ? "alarm" : "verdict", r.kind());
                assertEquals(i % 5 == 0 ? null : "vm" + (i % 4), r.vm());
                assertEquals(Bodies.n(i), r.body());
                assertEquals(T0.plusSeconds(i), r.time());
            }
            // every window, across segment boundaries and the sparse index
            for (long from = 1; from <= 201; from += 7) {
                for (int max : new int[] {1, 5, 64, 65, 300}) {
                    assertEquals(range(from, Math.min(200, from + max - 1)), seqs(o.read(from, max)), from + "/" + max);
                }
            }
            assertEquals(List.of(), o.read(201, 10));
            assertEquals(200, o.lastSeq());
            assertEquals(1, o.firstSeq());
        }
    }

    @Test
    void aBatchGetsConsecutiveSeqsAndMaySpanSegments() throws IOException {
        try (FileOutbox o = open(500)) {
            o.append("session", "a", Bodies.n(0));
            List<Outbox.Entry> batch = new ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                batch.add(new Outbox.Entry("verdict", "a", Bodies.n(i)));
            }
            assertEquals(41, o.appendAll(batch));
            assertTrue(o.segments().size() > 3);
            List<OutboxRecord> all = o.read(1, 100);
            assertEquals(range(1, 41), seqs(all));
            assertEquals(Bodies.n(40), all.get(40).body());
            assertThrows(IllegalArgumentException.class, () -> o.appendAll(List.of()));
        }
    }

    @Test
    void aBadEntryAppendsNothing() throws IOException {
        try (FileOutbox o = open(FileOutbox.DEFAULT_SEGMENT_BYTES)) {
            o.append("verdict", "a", Bodies.n(1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> o.append("Verdict!", "a", Bodies.n(2)));
            assertTrue(e.getMessage().contains("kind 'Verdict!'"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> o.append("verdict", "", Bodies.n(2)));
            ObjectNode huge = JsonNodeFactory.instance.objectNode().put("s", "x".repeat(FileOutbox.MAX_RECORD_BYTES));
            e = assertThrows(IllegalArgumentException.class, () -> o.append("verdict", "a", huge));
            assertTrue(e.getMessage().contains("more than the"), e.getMessage());
            assertEquals(1, o.lastSeq());
            assertEquals(2, o.append("verdict", "a", Bodies.n(2)));
        }
    }

    @Test
    void theBodyIsRecordedAsItWasWhenAppended() throws IOException {
        try (FileOutbox o = open(FileOutbox.DEFAULT_SEGMENT_BYTES)) {
            ObjectNode body = Bodies.n(1);
            o.append("verdict", "a", body);
            body.put("n", 99);
            assertEquals(Bodies.n(1), o.read(1, 1).get(0).body());
        }
    }

    @Test
    void concurrentAppendsGetContiguousUniqueSeqs() throws Exception {
        int threads = 8;
        int each = 60;
        ConcurrentLinkedQueue<Long> acked = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (FileOutbox o = open(4096)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        if (i % 10 == 9) {
                            long last = o.appendAll(List.of(new Outbox.Entry("alarm", "t" + thread, Bodies.n(i)),
                                new Outbox.Entry("alarm", "t" + thread, Bodies.n(i))));
                            acked.add(last - 1);
                            acked.add(last);
                        } else {
                            acked.add(o.append("verdict", "t" + thread, Bodies.n(i)));
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            int total = threads * (each + each / 10);
            Set<Long> unique = new TreeSet<>(acked);
            assertEquals(total, acked.size());
            assertEquals(new TreeSet<>(range(1, total)), unique);
            List<OutboxRecord> all = o.read(1, total + 1);
            assertEquals(range(1, total), seqs(all));
            // each thread's own records appear in the order it appended them
            for (int t = 0; t < threads; t++) {
                String vm = "t" + t;
                List<Long> ns = all.stream().filter(r -> r.vm().equals(vm)).map(r -> r.body().get("n").asLong()).toList();
                List<Long> sorted = ns.stream().sorted().toList();
                assertEquals(sorted, ns, vm);
            }
        } finally {
            pool.shutdownNow();
        }
        try (FileOutbox o = open(4096)) {
            assertEquals(threads * (each + each / 10), o.lastSeq());
        }
    }

    @Test
    void reopenContinuesTheSequence() throws IOException {
        try (FileOutbox o = open(300)) {
            for (int i = 1; i <= 20; i++) {
                o.append("verdict", "a", Bodies.n(i));
            }
        }
        try (FileOutbox o = open(300)) {
            assertEquals(20, o.lastSeq());
            assertTrue(o.tornTail().isEmpty());
            assertEquals(21, o.append("verdict", "a", Bodies.n(21)));
        }
        try (FileOutbox o = open(300)) {
            assertEquals(range(1, 21), seqs(o.read(1, 100)));
            assertEquals(Bodies.n(21), o.read(21, 1).get(0).body());
        }
    }

    @Test
    void aNewSegmentLeftEmptyByACrashIsReused() throws IOException {
        try (FileOutbox o = open(FileOutbox.DEFAULT_SEGMENT_BYTES)) {
            o.append("verdict", "a", Bodies.n(1));
            o.append("verdict", "a", Bodies.n(2));
        }
        Files.createFile(dir.resolve(SegmentFiles.name(3))); // rotation done, crash before the write
        try (FileOutbox o = open(FileOutbox.DEFAULT_SEGMENT_BYTES)) {
            assertEquals(2, o.lastSeq());
            assertEquals(3, o.append("verdict", "a", Bodies.n(3)));
            assertEquals(dir.resolve(SegmentFiles.name(3)), lastSegment(o));
            assertEquals(range(1, 3), seqs(o.read(1, 10)));
        }
    }

    /** What a crash mid-append can leave at the end of the newest segment. */
    private static final List<byte[]> TORN_TAILS = List.of(
        "{\"seq\":6,\"time\":\"2024-05-01T10:00:00Z\",\"kind\":\"verd".getBytes(StandardCharsets.UTF_8),
        new byte[] {0, 0, 0, 0, 0, 0, 0, 0},
        "garbage\n\u0001\u0002 more garbage\n{\"seq\":6}\n".getBytes(StandardCharsets.UTF_8),
        new byte[] {'\n'});

    @Test
    void aTornTailIsTruncatedAndReportedAndEarlierRecordsSurvive() throws IOException {
        for (byte[] tail : TORN_TAILS) {
            Path d = Files.createTempDirectory(dir, "torn");
            Path seg;
            long intact;
            try (FileOutbox o = FileOutbox.open(d, FileOutbox.DEFAULT_SEGMENT_BYTES, clock)) {
                for (int i = 1; i <= 5; i++) {
                    o.append("verdict", "a", Bodies.n(i));
                }
                seg = lastSegment(o);
                intact = Files.size(seg);
            }
            Files.write(seg, tail, StandardOpenOption.APPEND);
            try (FileOutbox ro = FileOutbox.openReadOnly(d)) {
                assertEquals(5, ro.lastSeq());
                assertEquals(tail.length, ro.tornTail().orElseThrow().bytes());
                assertEquals(intact + tail.length, Files.size(seg), "read-only changes nothing");
            }
            try (FileOutbox o = FileOutbox.open(d, FileOutbox.DEFAULT_SEGMENT_BYTES, clock)) {
                FileOutbox.TornTail t = o.tornTail().orElseThrow();
                assertEquals(tail.length, t.bytes());
                assertEquals(intact, t.offset());
                assertEquals(6, t.line());
                assertEquals(seg, t.segment());
                assertEquals(intact, Files.size(seg));
                assertEquals(range(1, 5), seqs(o.read(1, 10)));
                assertEquals(6, o.append("verdict", "a", Bodies.n(6)));
            }
            try (FileOutbox o = FileOutbox.open(d, FileOutbox.DEFAULT_SEGMENT_BYTES, clock)) {
                assertTrue(o.tornTail().isEmpty());
                assertEquals(range(1, 6), seqs(o.read(1, 10)));
            }
        }
    }

    @Test
    void aRecordWithABadCrcAtTheVeryEndIsATornTail() throws IOException {
        Path seg;
        try (FileOutbox o = open(FileOutbox.DEFAULT_SEGMENT_BYTES)) {
            for (int i = 1; i <= 3; i++) {
                o.append("verdict", "a", Bodies.n(i));
            }
            seg = lastSegment(o);
        }
        List<String> lines = Files.readAllLines(seg);
        String last = lines.get(2);
        lines.set(2, last.replace("\"n\":3", "\"n\":4"));
        Files.write(seg, lines);
        try (FileOutbox o = open(FileOutbox.DEFAULT_SEGMENT_BYTES)) {
            FileOutbox.TornTail t = o.tornTail().orElseThrow();
            assertEquals(3, t.line());
            assertTrue(t.reason().startsWith("CRC mismatch"), t.reason());
            assertEquals(2, o.lastSeq());
        }
    }

    @Test
    void aCorruptRecordInTheMiddleIsAnErrorNamingFileAndLine() throws IOException {
        Path seg;
        try (FileOutbox o = open(FileOutbox.DEFAULT_SEGMENT_BYTES)) {
            for (int i = 1; i <= 5; i++) {
                o.append("verdict", "a", Bodies.n(i));
            }
            seg = lastSegment(o);
        }
        byte[] before = Files.readAllBytes(seg);
        List<String> lines = Files.readAllLines(seg);
        lines.set(2, lines.get(2).replace("\"n\":3", "\"n\":9"));
        Files.write(seg, lines);
        byte[] damaged = Files.readAllBytes(seg);
        OutboxException e = assertThrows(OutboxException.class, () -> open(FileOutbox.DEFAULT_SEGMENT_BYTES));
        assertTrue(e.getMessage().startsWith(seg + ":3: CRC mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("intact records follow (line 4, seq 4)"), e.getMessage());
        assertEquals(List.of(damaged.length), List.of(Files.readAllBytes(seg).length), "nothing truncated");
        assertFalse(java.util.Arrays.equals(before, damaged));
        assertThrows(OutboxException.class, () -> FileOutbox.openReadOnly(dir));
        // the lock was released: once repaired, it opens
        Files.write(seg, before);
        try (FileOutbox o = open(FileOutbox.DEFAULT_SEGMENT_BYTES)) {
            assertEquals(5, o.lastSeq());
        }
    }

    @Test
    void damageInAnOlderSegmentIsAnErrorEvenAtItsEnd() throws IOException {
        List<OutboxSegment> segs;
        try (FileOutbox o = open(200)) {
            for (int i = 1; i <= 12; i++) {
                o.append("verdict", "a", Bodies.n(i));
            }
            segs = o.segments();
        }
        assertTrue(segs.size() >= 3);
        Path second = segs.get(1).file();
        Files.write(second, "torn".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        OutboxException e = assertThrows(OutboxException.class, () -> open(200));
        assertTrue(e.getMessage().startsWith(second + ":" + (segs.get(1).records() + 1) + ": incomplete line"),
            e.getMessage());
        assertTrue(e.getMessage().contains("only the newest segment may end in a torn append"), e.getMessage());
    }

    @Test
    void aMissingSegmentIsAnErrorNamingTheGap() throws IOException {
        List<OutboxSegment> segs;
        try (FileOutbox o = open(200)) {
            for (int i = 1; i <= 12; i++) {
                o.append("verdict", "a", Bodies.n(i));
            }
            segs = o.segments();
        }
        Files.delete(segs.get(1).file());
        OutboxException e = assertThrows(OutboxException.class, () -> open(200));
        assertTrue(e.getMessage().startsWith(segs.get(2).file() + ": starts at seq " + segs.get(2).firstSeq() + " but "
            + segs.get(0).file().getFileName() + " ends at " + segs.get(0).lastSeq()), e.getMessage());
    }

    @Test
    void aRecordOutOfSequenceIsAnError() throws IOException {
        Path seg;
        try (FileOutbox o = open(FileOutbox.DEFAULT_SEGMENT_BYTES)) {
            o.append("verdict", "a", Bodies.n(1));
            o.append("verdict", "a", Bodies.n(2));
            seg = lastSegment(o);
        }
        List<String> lines = Files.readAllLines(seg);
        Files.write(seg, List.of(lines.get(0), lines.get(0), lines.get(1)));
        OutboxException e = assertThrows(OutboxException.class, () -> open(FileOutbox.DEFAULT_SEGMENT_BYTES));
        assertEquals(seg + ":2: seq 1 where 2 was expected (sequence numbers must be contiguous)", e.getMessage());
    }

    @Test
    void damageFoundByAReadNamesFileAndLine() throws IOException {
        try (FileOutbox o = open(FileOutbox.DEFAULT_SEGMENT_BYTES)) {
            for (int i = 1; i <= 3; i++) {
                o.append("verdict", "a", Bodies.n(i));
            }
            Path seg = lastSegment(o);
            byte[] b = Files.readAllBytes(seg);
            String s = new String(b, StandardCharsets.UTF_8);
            int at = s.indexOf("\"n\":2");
            b[at + 4] = '7';
            Files.write(seg, b); // behind the open outbox's back
            OutboxException e = assertThrows(OutboxException.class, () -> o.read(1, 10));
            assertTrue(e.getMessage().startsWith(seg + ":2: CRC mismatch"), e.getMessage());
            assertEquals(List.of(1L), seqs(o.read(1, 1)));
        }
    }

    @Test
    void aForeignFileNamedLikeASegmentIsRefused() throws IOException {
        Files.writeString(dir.resolve("outbox-1.jsonl"), "");
        OutboxException e = assertThrows(OutboxException.class, () -> open(FileOutbox.DEFAULT_SEGMENT_BYTES));
        assertTrue(e.getMessage().startsWith(dir.resolve("outbox-1.jsonl") + ": not a segment name"), e.getMessage());
    }

    @Test
    void oneWriterAtATime() throws IOException {
        try (FileOutbox o = open(FileOutbox.DEFAULT_SEGMENT_BYTES)) {
            o.append("verdict", "a", Bodies.n(1));
            OutboxException e = assertThrows(OutboxException.class, () -> open(FileOutbox.DEFAULT_SEGMENT_BYTES));
            assertEquals(dir + ": the outbox is already open in this process", e.getMessage());
            try (FileOutbox ro = FileOutbox.openReadOnly(dir)) {
                assertEquals(1, ro.lastSeq());
                OutboxException w = assertThrows(OutboxException.class, () -> ro.append("verdict", "a", Bodies.n(2)));
                assertTrue(w.getMessage().endsWith("open read-only"), w.getMessage());
            }
        }
        try (FileOutbox o = open(FileOutbox.DEFAULT_SEGMENT_BYTES)) {
            assertEquals(1, o.lastSeq());
        }
    }

    @Test
    void aClosedOutboxRefusesWork() throws IOException {
        FileOutbox o = open(FileOutbox.DEFAULT_SEGMENT_BYTES);
        o.close();
        assertTrue(assertThrows(OutboxException.class, () -> o.append("verdict", "a", Bodies.n(1))).getMessage()
            .endsWith("the outbox is closed"));
        assertThrows(OutboxException.class, () -> o.read(1, 1));
    }

    @Test
    void readArgumentsAreChecked() throws IOException {
        try (FileOutbox o = open(FileOutbox.DEFAULT_SEGMENT_BYTES)) {
            assertThrows(IllegalArgumentException.class, () -> o.read(0, 1));
            assertThrows(IllegalArgumentException.class, () -> o.read(1, 0));
            assertThrows(IllegalArgumentException.class, () -> FileOutbox.open(dir.resolve("x"), 0, clock));
        }
    }

    @Test
    void appendListenersRunAfterTheAppend() throws IOException {
        try (FileOutbox o = open(FileOutbox.DEFAULT_SEGMENT_BYTES)) {
            List<Long> seen = new ArrayList<>();
            Runnable l = () -> seen.add(o.lastSeq());
            o.addAppendListener(l);
            o.append("verdict", "a", Bodies.n(1));
            o.appendAll(List.of(new Outbox.Entry("verdict", "a", Bodies.n(2)), new Outbox.Entry("alarm", "a", Bodies.n(3))));
            o.removeAppendListener(l);
            o.append("verdict", "a", Bodies.n(4));
            assertEquals(List.of(1L, 3L), seen);
        }
    }

    @Test
    void segmentFilesAreNamedByTheirFirstSeq() throws IOException {
        try (FileOutbox o = open(250)) {
            for (int i = 1; i <= 10; i++) {
                o.append("verdict", "a", Bodies.n(i));
            }
            List<String> names;
            try (var files = Files.list(dir)) {
                names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jsonl")).sorted()
                    .collect(Collectors.toList());
            }
            assertEquals(o.segments().stream().map(s -> s.file().getFileName().toString()).toList(), names);
            assertEquals("outbox-00000000000000000001.jsonl", names.get(0));
        }
    }
}
