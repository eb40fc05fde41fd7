package org.vmpbd.trap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.detect.trace.EventLogReader;
import org.vmpbd.detect.trace.ProcessTrace;

class EventLogRecorderTest {
    @TempDir
    Path dir;

    private static SyscallEvent event(int pid, String comm, long generation, int nr, String abi, long t) {
        return new SyscallEvent("web1", 1, 0x5000, pid, comm, generation, nr, abi, new long[] {1, 2}, t);
    }

    private static List<SyscallEvent> events() {
        List<SyscallEvent> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(event(812, "sshd", 3, i % 9, "linux-x86_64", 1_000L * i));
            events.add(event(813, "ba\"sh\\", 4, 59, "linux-x86_64", 1_000L * i + 1));
        }
        events.add(event(812, "sh", 7, 231, "linux-x86_64", 99_000));
        return events;
    }

    private void assertRoundTrip(Path file) throws Exception {
        List<SyscallEvent> events = events();
        List<SyscallEvent> unreadable = List.of(event(-1, "?", 9, 0, "linux-x86_64", 5),
            event(9, "x", 9, 0, "linux-mips", 5), event(9, "x", 9, 100_000, "linux-x86_64", 5));
        try (EventLogRecorder recorder = EventLogRecorder.open(file)) {
            recorder.recordAll(events.subList(0, 10));
            for (SyscallEvent e : unreadable) {
                assertFalse(recorder.record(e));
            }
            recorder.recordAll(events.subList(10, events.size()));
            assertEquals(events.size(), recorder.written());
            assertEquals(3, recorder.skipped());
        }
        List<ProcessTrace> read = new EventLogReader().read(file, Abis.byName(Abis.LINUX_X86_64));
        assertEquals(List.of("web1/812/sshd/3", "web1/813/ba\"sh\\/4", "web1/812/sh/7"),
            read.stream().map(ProcessTrace::id).toList());
        for (ProcessTrace t : read) {
            int[] expected = events.stream().filter(e -> e.processKey().equals(t.id())).mapToInt(SyscallEvent::nr).toArray();
            assertArrayEquals(expected, t.calls(), t.id());
        }
    }

    @Test
    void recordedEventsReadBackAsTheSameProcesses() throws Exception {
        Path file = dir.resolve("capture/web1.jsonl");
        assertRoundTrip(file);
        String first = Files.readAllLines(file).get(0);
        assertEquals("{\"vm\":\"web1\",\"pid\":812,\"comm\":\"sshd\",\"start\":3,\"nr\":0,\"t\":0,\"abi\":\"linux-x86_64\"}",
            first);
    }

    @Test
    void aGzFileNameGivesAGzipLog() throws Exception {
        Path file = dir.resolve("web1.jsonl.gz");
        assertRoundTrip(file);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            assertTrue(new String(in.readAllBytes()).startsWith("{\"vm\":\"web1\""));
        }
    }
}
