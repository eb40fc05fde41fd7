package org.vmpbd.trap.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vmpbd.trap.Sessions.await;
import static org.vmpbd.trap.Sessions.drain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.detect.trace.EventLogReader;
import org.vmpbd.detect.trace.ProcessTrace;
import org.vmpbd.trap.SyscallEvent;
import org.vmpbd.trap.TrapException;
import org.vmpbd.trap.TrapSession;
import org.vmpbd.trap.TrapStats;
import org.vmpbd.trap.TrapTarget;

class ReplayDriverTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final ReplayDriver driver = new ReplayDriver();

    private static String event(int pid, String comm, long start, int nr, long t) {
        return "{\"vm\":\"web1\",\"pid\":" + pid + ",\"comm\":\"" + comm + "\",\"start\":" + start
            + ",\"nr\":" + nr + ",\"t\":" + t + ",\"abi\":\"linux-x86_64\"}\n";
    }

    /** Three processes, interleaved, one pid reused by a later generation. */
    private Path log() throws Exception {
        StringBuilder sb = new StringBuilder();
        long t = 0;
        for (int i = 0; i < 40; i++) {
            sb.append(event(812, "sshd", 4711, i % 7, t++));
            sb.append(event(813, "bash", 4720, 59 + i % 3, t++));
            if (i % 2 == 0) {
                sb.append(event(900, "cron/x", 5000, 100 + i % 5, t++));
            }
        }
        for (int i = 0; i < 25; i++) {
            sb.append(event(812, "sh", 9999, 200 + i % 4, t++));
        }
        Path file = dir.resolve("capture.jsonl");
        Files.writeString(file, sb.toString());
        return file;
    }

    private TrapSession open(Path path, String... settings) throws TrapException {
        Map<String, String> s = new HashMap<>();
        s.put("path", path.toString());
        for (int i = 0; i < settings.length; i += 2) {
            s.put(settings[i], settings[i + 1]);
        }
        return driver.open(new TrapTarget("web1", s));
    }

    private static Map<String, List<SyscallEvent>> byProcess(List<SyscallEvent> events) {
        Map<String, List<SyscallEvent>> out = new LinkedHashMap<>();
        for (SyscallEvent e : events) {
            out.computeIfAbsent(e.processKey(), k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    private static int[] calls(List<SyscallEvent> events) {
        return events.stream().mapToInt(SyscallEvent::nr).toArray();
    }

    @Test
    void replayOfAnEventLogYieldsExactlyTheRecordedProcesses() throws Exception {
        Path log = log();
        List<ProcessTrace> recorded = new EventLogReader().read(log, Abis.byName(Abis.LINUX_X86_64));
        try (TrapSession session = open(log, "format", "events", "abi", "linux-x86_64", "rate", "0",
            "interleave", "true", "burst", "3", "concurrent", "2")) {
            assertEquals(TrapSession.State.OPEN, session.state());
            session.enable();
            List<SyscallEvent> events = drain(session, DEADLINE);
            Map<String, List<SyscallEvent>> got = byProcess(events);
            assertEquals(recorded.size(), got.size());
            Set<Long> cr3s = new HashSet<>();
            for (ProcessTrace t : recorded) {
                List<SyscallEvent> mine = got.get(t.id());
                assertArrayEquals(t.calls(), calls(mine), t.id());
                SyscallEvent first = mine.get(0);
                assertTrue(cr3s.add(first.cr3()), "a CR3 per process");
                for (SyscallEvent e : mine) {
                    assertEquals("web1", e.vm());
                    assertEquals(0, e.vcpu());
                    assertEquals(first.cr3(), e.cr3(), "stable CR3");
                    assertEquals(0, e.cr3() & ~SyscallEvent.CR3_ADDRESS_MASK);
                    assertEquals("linux-x86_64", e.abi());
                }
            }
            assertEquals(5000, got.get("web1/900/cron/x/5000").get(0).generation());
            for (int i = 1; i < events.size(); i++) {
                assertTrue(events.get(i).timeNanos() >= events.get(i - 1).timeNanos(), "monotonic time");
            }
            assertFalse(events.get(0).processKey().equals(events.get(3).processKey()), "interleaved in bursts of 3");

            assertEquals(TrapSession.State.DISABLED, session.state(), "a finished replay is disabled");
            assertTrue(session.finished());
            assertEquals(new TrapStats(events.size(), events.size(), 0, recorded.size()), session.stats());
            long start = System.nanoTime();
            assertTrue(session.poll(10, Duration.ofSeconds(30)).isEmpty());
            assertTrue(System.nanoTime() - start < 1_000_000_000L, "empty at once when finished and drained");
            assertThrows(TrapException.class, session::enable);
            session.disable();
        }
    }

    @Test
    void withoutInterleavingProcessesRunOneAfterAnother() throws Exception {
        try (TrapSession session = open(log(), "interleave", "false")) {
            session.enable();
            List<SyscallEvent> events = drain(session, DEADLINE);
            List<String> order = new ArrayList<>();
            for (SyscallEvent e : events) {
                if (order.isEmpty() || !order.get(order.size() - 1).equals(e.processKey())) {
                    order.add(e.processKey());
                }
            }
            assertEquals(List.of("web1/812/sshd/4711", "web1/813/bash/4720", "web1/900/cron/x/5000", "web1/812/sh/9999"),
                order);
        }
    }

    @Test
    void loopsRepeatTheSetAsNewGenerations() throws Exception {
        try (TrapSession session = open(log(), "loop", "3")) {
            session.enable();
            List<SyscallEvent> events = drain(session, DEADLINE);
            Map<String, List<SyscallEvent>> got = byProcess(events);
            assertEquals(12, got.size());
            assertEquals(3 * 125, events.size());
            assertEquals(12, session.stats().processes());
            assertTrue(got.containsKey("web1/812/sshd/4711"));
            assertArrayEquals(calls(got.get("web1/812/sshd/4711")), calls(got.get("web1/812/sshd/" + (4711 + 5289))));
        }
    }

    @Test
    void unmTracesTakePidFromTheIdAndCommFromTheFileName() throws Exception {
        Path unm = dir.resolve("login.int");
        Files.writeString(unm, "7 5\n8 3\n7 6\n8 4\n7 5\n");
        try (TrapSession session = open(unm, "format", "unm", "abi", "linux-i386")) {
            session.enable();
            Map<String, List<SyscallEvent>> got = byProcess(drain(session, DEADLINE));
            assertEquals(List.of("web1/7/login/1", "web1/8/login/2"), List.copyOf(got.keySet()));
            assertArrayEquals(new int[] {5, 6, 5}, calls(got.get("web1/7/login/1")));
            assertEquals("linux-i386", got.get("web1/8/login/2").get(0).abi());
        }
    }

    @Test
    void pacedReplayTakesAtLeastItsDuration() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            sb.append(event(100 + i % 4, "w", 1 + i % 4, i % 50, i));
        }
        Path file = dir.resolve("thousand.jsonl");
        Files.writeString(file, sb.toString());
        try (TrapSession session = open(file, "rate", "2000")) {
            long start = System.nanoTime();
            session.enable();
            List<SyscallEvent> events = drain(session, DEADLINE);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(1000, events.size());
            assertTrue(seconds >= 0.45, "1000 events at 2000/s took only " + seconds + " s");
            double stamped = (events.get(999).timeNanos() - events.get(0).timeNanos()) / 1e9;
            assertTrue(stamped >= 0.45, "event times span only " + stamped + " s");
        }
    }

    @Test
    void aConsumerThatDoesNotPollCausesCountedDropsNotABlockedProducer() throws Exception {
        try (TrapSession session = open(log(), "buffer", "4")) {
            session.enable();
            await("replay end", DEADLINE, session::finished);
            TrapStats stats = session.stats();
            assertEquals(125, stats.trapped());
            assertTrue(stats.dropped() > 0, stats.toString());
            assertEquals(4, stats.buffered());
            assertEquals(stats.trapped(), stats.buffered() + stats.dropped());
            assertEquals(4, drain(session, DEADLINE).size());
        }
    }

    @Test
    void disablePausesAndCloseStops() throws Exception {
        try (TrapSession session = open(log(), "rate", "500")) {
            session.enable();
            await("first events", DEADLINE, () -> session.stats().trapped() >= 5);
            session.disable();
            long paused = session.stats().trapped();
            assertEquals(TrapSession.State.DISABLED, session.state());
            assertFalse(session.finished(), "paused, not finished");
            Thread.sleep(200);
            assertTrue(session.stats().trapped() <= paused + 1, "at most the event in flight while disabled");
            session.enable();
            await("more events", DEADLINE, () -> session.stats().trapped() > paused);
            session.close();
            assertEquals(TrapSession.State.CLOSED, session.state());
            assertTrue(session.finished());
            drain(session, Duration.ofSeconds(1));
            assertThrows(TrapException.class, session::enable);
        }
    }

    @Test
    void badSettingsAndInputsFailOpenNamingWhat() throws Exception {
        TrapException noPath = assertThrows(TrapException.class, () -> driver.open(new TrapTarget("vm9", Map.of())));
        assertTrue(noPath.getMessage().contains("vm9") && noPath.getMessage().contains("path"), noPath.getMessage());
        TrapException format = assertThrows(TrapException.class, () -> open(log(), "format", "pcap"));
        assertTrue(format.getMessage().contains("'format' is 'pcap'"), format.getMessage());
        TrapException rate = assertThrows(TrapException.class, () -> open(log(), "rate", "-1"));
        assertTrue(rate.getMessage().contains("rate"), rate.getMessage());
        TrapException missing = assertThrows(TrapException.class, () -> open(dir.resolve("nope.jsonl")));
        assertTrue(missing.getMessage().contains("nope.jsonl: no such file"), missing.getMessage());
        TrapException abi = assertThrows(TrapException.class, () -> open(log(), "abi", "linux-i386"));
        assertTrue(abi.getMessage().contains("mixed ABIs"), abi.getMessage());
        assertEquals("replay", driver.name());
    }
}
