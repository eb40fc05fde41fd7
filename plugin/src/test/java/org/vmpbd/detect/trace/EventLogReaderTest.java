package org.vmpbd.detect.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vmpbd.detect.trace.Fixtures.assertBad;
import static org.vmpbd.detect.trace.Fixtures.gzip;
import static org.vmpbd.detect.trace.Fixtures.plain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;

class EventLogReaderTest {
    @TempDir
    Path dir;

    private final Abi abi = Abis.byName("linux-x86_64");
    private final EventLogReader reader = new EventLogReader();

    private static String event(String vm, int pid, String comm, long start, int nr, long t) {
        return "{\"vm\":\"" + vm + "\",\"pid\":" + pid + ",\"comm\":\"" + comm + "\",\"start\":" + start
            + ",\"nr\":" + nr + ",\"t\":" + t + ",\"abi\":\"linux-x86_64\"}\n";
    }

    private static final String LOG = event("web1", 812, "sshd", 4711, 0, 100)
        + event("web1", 813, "bash", 4720, 59, 110)
        + "\n"
        + event("web1", 812, "sshd", 4711, 1, 120)
        + event("web1", 812, "sshd", 9999, 3, 130)     // same pid, new exec generation
        + "   \n"
        + event("db", 812, "sshd", 4711, 2, 140)       // same pid in another VM
        + event("web1", 813, "bash", 4720, 231, 150);

    @Test
    void groupsEventsByProcess() throws IOException {
        Path file = plain(dir.resolve("events.jsonl"), LOG);
        ReadResult result = reader.readWithReport(file, abi);
        List<ProcessTrace> traces = result.traces();
        assertEquals(List.of("web1/812/sshd/4711", "web1/813/bash/4720", "web1/812/sshd/9999", "db/812/sshd/4711"),
            traces.stream().map(ProcessTrace::id).toList());
        assertArrayEquals(new int[] {0, 1}, traces.get(0).calls());
        assertArrayEquals(new int[] {59, 231}, traces.get(1).calls());
        assertArrayEquals(new int[] {3}, traces.get(2).calls());
        assertEquals(2, result.blankLines());
        assertEquals(6, result.totalCalls());
    }

    @Test
    void readsGzipAndDirectoriesAcrossFiles() throws IOException {
        gzip(dir.resolve("b.jsonl.gz"), event("vm", 1, "sh", 5, 60, 3));
        plain(dir.resolve("a.jsonl"), event("vm", 1, "sh", 5, 0, 1) + event("vm", 2, "ls", 6, 1, 2));
        List<ProcessTrace> traces = reader.read(dir, abi);
        assertEquals(List.of("vm/1/sh/5", "vm/2/ls/6"), traces.stream().map(ProcessTrace::id).toList());
        assertArrayEquals(new int[] {0, 60}, traces.get(0).calls());
    }

    @Test
    void ignoresUnknownFields() throws IOException {
        Path file = plain(dir.resolve("extra.jsonl"),
            "{\"vm\":\"v\",\"pid\":1,\"comm\":\"c\",\"start\":0,\"nr\":2,\"t\":5,\"abi\":\"linux-x86_64\",\"ret\":0}");
        assertArrayEquals(new int[] {2}, reader.read(file, abi).get(0).calls());
    }

    @Test
    void emptyFile() throws IOException {
        Path file = plain(dir.resolve("empty.jsonl"), "\n\n");
        assertBad(() -> reader.read(file, abi), file, 0, "empty trace file");
    }

    @Test
    void malformedJson() throws IOException {
        Path file = plain(dir.resolve("bad.jsonl"), event("v", 1, "c", 0, 0, 0) + "{\"vm\":\"v\",\"pid\":\n");
        assertBad(() -> reader.read(file, abi), file, 2, "malformed JSON");
        Path array = plain(dir.resolve("array.jsonl"), "[1,2]\n");
        assertBad(() -> reader.read(array, abi), array, 1, "expected a JSON object");
        Path twice = plain(dir.resolve("twice.jsonl"), event("v", 1, "c", 0, 0, 0).strip() + " {}\n");
        assertBad(() -> reader.read(twice, abi), twice, 1, "malformed JSON");
    }

    @Test
    void missingField() throws IOException {
        Path file = plain(dir.resolve("missing.jsonl"), event("v", 1, "c", 0, 0, 0)
            + "{\"vm\":\"v\",\"comm\":\"c\",\"start\":0,\"nr\":1,\"t\":1,\"abi\":\"linux-x86_64\"}\n");
        assertBad(() -> reader.read(file, abi), file, 2, "missing field 'pid'");
        Path noT = plain(dir.resolve("no-t.jsonl"),
            "{\"vm\":\"v\",\"pid\":1,\"comm\":\"c\",\"start\":0,\"nr\":1,\"abi\":\"linux-x86_64\"}\n");
        assertBad(() -> reader.read(noT, abi), noT, 1, "missing field 't'");
    }

    @Test
    void nonNumberSyscall() throws IOException {
        Path file = plain(dir.resolve("str.jsonl"),
            "{\"vm\":\"v\",\"pid\":1,\"comm\":\"c\",\"start\":0,\"nr\":\"read\",\"t\":1,\"abi\":\"linux-x86_64\"}\n");
        assertBad(() -> reader.read(file, abi), file, 1, "field 'nr' must be an integer, got \"read\"");
        Path fraction = plain(dir.resolve("fraction.jsonl"),
            "{\"vm\":\"v\",\"pid\":1.5,\"comm\":\"c\",\"start\":0,\"nr\":1,\"t\":1,\"abi\":\"linux-x86_64\"}\n");
        assertBad(() -> reader.read(fraction, abi), fraction, 1, "field 'pid' must be an integer, got 1.5");
    }

    @Test
    void negativeAndOutOfRangeSyscall() throws IOException {
        Path neg = plain(dir.resolve("neg.jsonl"), event("v", 1, "c", 0, -1, 0));
        assertBad(() -> reader.read(neg, abi), neg, 1, "negative system-call number -1");
        Path big = plain(dir.resolve("big.jsonl"), event("v", 1, "c", 0, 0, 0) + event("v", 1, "c", 0, 1000, 0));
        assertBad(() -> reader.read(big, abi), big, 2, "system call 1000 is outside ABI linux-x86_64 (0..450)");
    }

    @Test
    void mixedAbis() throws IOException {
        Path file = plain(dir.resolve("mixed.jsonl"), event("v", 1, "c", 0, 0, 0)
            + event("v", 1, "c", 0, 0, 0).replace("linux-x86_64", "linux-i386"));
        assertBad(() -> reader.read(file, abi), file, 2, "mixed ABIs: event has abi 'linux-i386'");
        Path other = plain(dir.resolve("other.jsonl"), event("v", 1, "c", 0, 0, 0));
        assertBad(() -> reader.read(other, Abis.byName("linux-i386")), other, 1, "read as 'linux-i386'");
    }

    @Test
    void missingPathAndEmptyDirectory() throws IOException {
        Path missing = dir.resolve("events.jsonl");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> reader.read(missing, abi));
        assertTrue(e.getMessage().contains("events.jsonl"), e.getMessage());
        Path empty = Files.createDirectory(dir.resolve("logs"));
        assertBad(() -> reader.read(empty, abi), empty, 0, "no trace files in directory");
    }
}
