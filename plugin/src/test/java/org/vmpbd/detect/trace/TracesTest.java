package org.vmpbd.detect.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;

class TracesTest {
    @TempDir
    Path dir;

    @Test
    void choosesReaderByFormat() throws IOException {
        assertInstanceOf(UnmTraceReader.class, Traces.reader("unm"));
        assertInstanceOf(EventLogReader.class, Traces.reader("events"));
        assertTrue(((AdfaTraceReader) Traces.reader("adfa-recursive")).recursive());
        assertEquals(Set.of("unm", "adfa", "adfa-recursive", "events"), Traces.formats());
        Abi abi = Abis.byName("linux-i386");
        Path file = Fixtures.plain(dir.resolve("t.txt"), "3 5 ");
        assertEquals("t.txt", Traces.read(file, "adfa", abi).get(0).id());
        assertEquals("t.txt#3", Traces.read(file, "unm", abi).get(0).id());
    }

    @Test
    void unknownFormatListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Traces.reader("csv"));
        assertTrue(e.getMessage().contains("'csv'") && e.getMessage().contains("adfa, adfa-recursive, events, unm"),
            e.getMessage());
    }
}
