package org.vmpbd.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Consumer cursors: registered at 0, committed durably, never moved back, damage named. */
class OutboxCursorsTest {
    @TempDir
    Path dir;

    @Test
    void aCursorIsRegisteredAtZeroAndKeepsItsCommits() throws IOException {
        OutboxCursors cursors = new OutboxCursors(dir);
        assertEquals(OptionalLong.empty(), cursors.minimum());
        OutboxCursor meta = cursors.cursor("metadata");
        assertEquals(0, meta.position());
        assertSame(meta, cursors.cursor("metadata"));
        assertEquals("0\n", Files.readString(dir.resolve("cursors/metadata")));
        meta.commit(17);
        cursors.cursor("actions").commit(5);
        assertEquals("17\n", Files.readString(dir.resolve("cursors/metadata")));

        OutboxCursors again = new OutboxCursors(dir);
        assertEquals(Map.of("actions", 5L, "metadata", 17L), again.positions());
        assertEquals(OptionalLong.of(5), again.minimum());
        assertEquals(17, again.cursor("metadata").position());
        try (var files = Files.list(dir.resolve("cursors"))) {
            assertEquals(2, files.count(), "no temp files left");
        }
    }

    @Test
    void aCursorNeverMovesBack() throws IOException {
        OutboxCursor c = new OutboxCursors(dir).cursor("m");
        c.commit(3);
        c.commit(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.commit(2));
        assertEquals("cursor m: cannot move back from 3 to 2", e.getMessage());
        assertEquals(3, c.position());
    }

    @Test
    void badNamesAndDamagedFilesAreClearErrors() throws IOException {
        OutboxCursors cursors = new OutboxCursors(dir);
        for (String bad : new String[] {"", "../x", ".hidden", "a/b", "x".repeat(65)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cursors.cursor(bad), bad);
            assertTrue(e.getMessage().startsWith("outbox consumer name '"), e.getMessage());
        }
        Files.createDirectories(dir.resolve("cursors"));
        Files.writeString(dir.resolve("cursors/broken"), "twelve\n");
        OutboxException e = assertThrows(OutboxException.class, () -> cursors.cursor("broken"));
        assertEquals(dir.resolve("cursors/broken") + ": not a cursor (expected a seq >= 0, found 'twelve')", e.getMessage());
        assertThrows(OutboxException.class, cursors::positions);
    }
}
