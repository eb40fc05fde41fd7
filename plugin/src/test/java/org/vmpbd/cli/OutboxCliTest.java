package org.vmpbd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpbd.outbox.FileOutbox;
import org.vmpbd.outbox.OutboxCursors;

/** {@code vmpbd outbox show} and {@code vmpbd outbox check} end to end. */
class OutboxCliTest {
    private final CliRun cli = new CliRun(true);

    @TempDir
    Path dir;

    private Path segment;

    @BeforeEach
    void fill() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC);
        try (FileOutbox o = FileOutbox.open(dir, FileOutbox.DEFAULT_SEGMENT_BYTES, clock)) {
            o.append("verdict", "web1", JsonNodeFactory.instance.objectNode().put("pid", 10).put("anomalous", false));
            o.append("alarm", "web1", JsonNodeFactory.instance.objectNode().put("pid", 11));
            o.append("verdict", "db1", JsonNodeFactory.instance.objectNode().put("pid", 12).put("anomalous", true));
            o.append("action", null, JsonNodeFactory.instance.objectNode().put("do", "pause"));
            segment = o.segments().get(0).file();
        }
        new OutboxCursors(dir).cursor("metadata").commit(3);
    }

    @Test
    void showPrintsRecordsFiltered() {
        assertEquals(0, cli.run("outbox", "show", "--dir", dir.toString()), cli.err());
        assertEquals("""
            1  2024-05-01T10:00:00Z  verdict           web1                  {"pid":10,"anomalous":false}
            2  2024-05-01T10:00:00Z  alarm             web1                  {"pid":11}
            3  2024-05-01T10:00:00Z  verdict           db1                   {"pid":12,"anomalous":true}
            4  2024-05-01T10:00:00Z  action            -                     {"do":"pause"}
            """, cli.out());
        assertEquals(0, cli.run("outbox", "show", "--dir", dir.toString(), "--kind", "verdict", "--from", "2"));
        assertEquals(List.of("3"), seqs(cli.out()));
        assertEquals(0, cli.run("outbox", "show", "--dir", dir.toString(), "--vm", "web1"));
        assertEquals(List.of("1", "2"), seqs(cli.out()));
        assertEquals(0, cli.run("outbox", "show", "--dir", dir.toString(), "--from", "9"));
        assertEquals("", cli.out());
    }

    private static List<String> seqs(String out) {
        return out.lines().map(l -> l.split(" ")[0]).toList();
    }

    @Test
    void showJsonPrintsOneObjectPerLine() throws Exception {
        assertEquals(0, cli.run("outbox", "show", "--dir", dir.toString(), "--json", "--kind", "action"), cli.err());
        List<String> lines = cli.out().lines().toList();
        assertEquals(1, lines.size());
        JsonNode n = new ObjectMapper().readTree(lines.get(0));
        assertEquals(4, n.get("seq").asLong());
        assertTrue(n.get("vm").isNull());
        assertEquals("pause", n.get("body").get("do").asText());
        assertEquals("2024-05-01T10:00:00Z", n.get("time").asText());
    }

    @Test
    void checkReportsCountsAndCursors() {
        assertEquals(0, cli.run("outbox", "check", "--dir", dir.toString()), cli.err());
        String o = cli.out();
        assertTrue(o.startsWith("ok: " + dir + ": 4 records, seq 1..4 in 1 segment ("), o);
        assertTrue(o.contains("kinds:\n  action               1\n  alarm                1\n  verdict              2\n"), o);
        assertTrue(o.contains("cursors:\n  metadata             at 3 (1 behind)\n"), o);
    }

    @Test
    void aTornTailIsANoteAndChangesNothing() throws Exception {
        Files.write(segment, "{\"seq\":5,\"ti".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        long size = Files.size(segment);
        assertEquals(0, cli.run("outbox", "check", "--dir", dir.toString()), cli.err());
        assertTrue(cli.out().contains("note: " + segment + ":5: 12 bytes after the last intact record (incomplete line"),
            cli.out());
        assertEquals(0, cli.run("outbox", "show", "--dir", dir.toString()));
        assertEquals(4, cli.out().lines().count());
        assertTrue(cli.err().startsWith("note: " + segment + ":5: 12 bytes"), cli.err());
        assertEquals(size, Files.size(segment));
    }

    @Test
    void damageIsOneLineNamingFileAndLine() throws Exception {
        String text = Files.readString(segment);
        Files.writeString(segment, text.replace("\"pid\":11", "\"pid\":13"));
        assertEquals(2, cli.run("outbox", "check", "--dir", dir.toString()));
        assertTrue(cli.err().startsWith("vmpbd outbox check: error: " + segment + ":2: CRC mismatch"), cli.err());
        assertEquals(1, cli.err().lines().count(), cli.err());
        assertFalse(cli.err().contains("\tat "), cli.err());
        assertEquals(2, cli.run("outbox", "show", "--dir", dir.toString()));
        assertTrue(cli.err().startsWith("vmpbd outbox show: error: " + segment + ":2: CRC mismatch"), cli.err());
    }

    @Test
    void aCursorPastTheEndIsAnError() throws Exception {
        Files.writeString(dir.resolve("cursors").resolve("stray"), "9\n");
        assertEquals(2, cli.run("outbox", "check", "--dir", dir.toString()));
        assertTrue(cli.out().contains("  stray                at 9 (PAST THE LAST RECORD)"), cli.out());
        assertEquals("vmpbd outbox check: error: " + dir.resolve("cursors").resolve("stray")
            + ": cursor at seq 9 is past the outbox's last record 4\n", cli.err());
    }

    @Test
    void aMissingDirectoryOrBadOptionIsAUserError() {
        assertEquals(2, cli.run("outbox", "check", "--dir", dir.resolve("nope").toString()));
        assertTrue(cli.err().contains("nope: no such file or directory"), cli.err());
        assertEquals(2, cli.run("outbox", "show", "--dir", dir.toString(), "--from", "0"));
        assertEquals("vmpbd outbox show: error: --from must be >= 1, got 0\n", cli.err());
        assertEquals(2, cli.run("outbox"));
        assertTrue(cli.err().contains("Usage: vmpbd outbox"), cli.err());
    }
}
