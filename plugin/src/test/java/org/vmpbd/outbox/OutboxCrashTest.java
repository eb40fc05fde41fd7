package org.vmpbd.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: a child JVM appends in a loop and is killed with SIGKILL mid-run, twice (the
 * second child recovers what the first left). Every seq it acknowledged must be there exactly
 * once, the seqs contiguous, and appending must go on at the next one.
 */
class OutboxCrashTest {
    private static final long SEGMENT_BYTES = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedAppendSurvivesSigkillExactlyOnce() throws Exception {
        Path outbox = dir.resolve("outbox");
        TreeSet<Long> acked = new TreeSet<>();
        int[] killAfter = {120, 200};
        for (int round = 0; round < killAfter.length; round++) {
            List<String> lines = runAndKill(outbox, round, killAfter[round]);
            assertTrue(lines.get(0).startsWith("open "), lines.get(0));
            long openedAt = Long.parseLong(lines.get(0).split(" ")[1]);
            assertTrue(openedAt >= (acked.isEmpty() ? 0 : acked.last()), "the child resumed at " + openedAt);
            for (String l : lines.subList(1, lines.size())) {
                long seq = Long.parseLong(l.substring("ack ".length()));
                assertTrue(acked.add(seq), "seq " + seq + " acknowledged twice");
            }
            assertTrue(acked.size() >= killAfter[round], "acks: " + acked.size());
        }
        try (FileOutbox o = FileOutbox.open(outbox, SEGMENT_BYTES, Clock.systemUTC())) {
            List<OutboxRecord> all = new ArrayList<>();
            for (long from = 1; ; ) {
                List<OutboxRecord> page = o.read(from, 500);
                if (page.isEmpty()) {
                    break;
                }
                all.addAll(page);
                from = page.get(page.size() - 1).seq() + 1;
            }
            for (int i = 0; i < all.size(); i++) {
                assertEquals(i + 1, all.get(i).seq(), "contiguous from 1");
            }
            TreeSet<Long> present = new TreeSet<>(all.stream().map(OutboxRecord::seq).toList());
            assertEquals(all.size(), present.size(), "no seq twice");
            assertTrue(present.containsAll(acked), "every acknowledged seq is present");
            assertTrue(o.lastSeq() >= acked.last());
            assertEquals(all.size(), o.lastSeq());
            assertTrue(o.segments().size() > 1, "the run rotated segments");
            assertEquals(o.lastSeq() + 1, o.append("verdict", "vm", Bodies.n(1)));
        }
    }

    /** Runs the child until it acknowledged {@code acks} seqs (this round), kills it, returns its complete lines. */
    private List<String> runAndKill(Path outbox, int round, int acks) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path err = dir.resolve("child-" + round + ".err");
        Process p = new ProcessBuilder(java.toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
            CrashingAppender.class.getName(), outbox.toString(), Long.toString(SEGMENT_BYTES), Long.toString(round))
            .redirectError(err.toFile())
            .start();
        List<String> lines = new ArrayList<>();
        Random pause = new Random(round);
        try (InputStream in = p.getInputStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); // a hang guard
            int seen = 0;
            boolean killed = false;
            int b;
            while ((b = in.read()) >= 0) {
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                String l = line.toString(StandardCharsets.UTF_8);
                line.reset();
                lines.add(l);
                if (l.startsWith("ack ")) {
                    seen++;
                }
                if (!killed && (seen >= acks || System.nanoTime() > deadline)) {
                    // a little later, so the kill lands at varying points of the append loop (write, fsync, ...)
                    LockSupport.parkNanos(pause.nextInt(3_000_000));
                    // SIGKILL, mid-append more often than not; through the handle, which leaves our end of the
                    // pipe open to read what the child wrote before it died
                    p.toHandle().destroyForcibly();
                    killed = true;
                }
            }
            // an unterminated last line was cut by the kill: not an acknowledgement
            assertTrue(killed, "the child ended by itself: " + Files.readString(err));
            assertTrue(seen >= acks, "too few acks before the deadline: " + Files.readString(err));
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertFalse(lines.isEmpty(), Files.readString(err));
        assertEquals(137, p.exitValue(), "killed by SIGKILL");
        return lines;
    }
}
