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

class UnmTraceReaderTest {
    private static final String INTERLEAVED = "509 5\n509 3\n510 1\n509 90\n  510\t6 \n511 4\n510 3\n";

    @TempDir
    Path dir;

    private final Abi abi = Abis.byName("linux-i386");
    private final UnmTraceReader reader = new UnmTraceReader();

    private void assertInterleaved(List<ProcessTrace> traces, String name) {
        assertEquals(3, traces.size());
        assertEquals(name + "#509", traces.get(0).id());
        assertEquals(name + "#510", traces.get(1).id());
        assertEquals(name + "#511", traces.get(2).id());
        assertArrayEquals(new int[] {5, 3, 90}, traces.get(0).calls());
        assertArrayEquals(new int[] {1, 6, 3}, traces.get(1).calls());
        assertArrayEquals(new int[] {4}, traces.get(2).calls());
        traces.forEach(t -> assertEquals(abi, t.abi()));
    }

    @Test
    void splitsPlainFileByPid() throws IOException {
        Path file = plain(dir.resolve("login.int"), INTERLEAVED);
        List<ProcessTrace> traces = reader.read(file, abi);
        assertInterleaved(traces, "login.int");
        assertEquals(file.toString(), traces.get(0).source());
    }

    @Test
    void detectsGzipByMagicBytesNotExtension() throws IOException {
        assertInterleaved(reader.read(gzip(dir.resolve("trace.int"), INTERLEAVED), abi), "trace.int");
        assertInterleaved(reader.read(plain(dir.resolve("plain.int.gz"), INTERLEAVED), abi), "plain.int.gz");
    }

    @Test
    void readsDirectorySortedSkippingReadmeAndCallLists() throws IOException {
        gzip(dir.resolve("b.int.gz"), "7 1\n");
        plain(dir.resolve("a.int"), "9 3\n8 4\n\n");
        plain(dir.resolve("README.md"), "not a trace\n");
        plain(dir.resolve("calls.txt.linux42"), "setup\nexit\n");
        Files.createDirectory(dir.resolve("sub"));
        plain(dir.resolve("sub/c.int"), "1 1\n");
        ReadResult result = reader.readWithReport(dir, abi);
        assertEquals(List.of("a.int#9", "a.int#8", "b.int.gz#7"),
            result.traces().stream().map(ProcessTrace::id).toList());
        assertEquals(2, result.filesRead());
        assertEquals(3, result.skipped().size(), result.skipped().toString());
        assertEquals(1, result.blankLines());
        assertEquals(3, result.totalCalls());
    }

    @Test
    void emptyFile() throws IOException {
        Path file = plain(dir.resolve("empty.int"), "");
        TraceFormatException e = assertBad(() -> reader.read(file, abi), file, 0, "empty trace file");
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        Path blank = plain(dir.resolve("blank.int"), "\n \n");
        assertBad(() -> reader.read(blank, abi), blank, 0, "empty trace file");
        Path emptyGzip = gzip(dir.resolve("empty.int.gz"), "");
        assertBad(() -> reader.read(emptyGzip, abi), emptyGzip, 0, "empty trace file");
    }

    @Test
    void nonNumberToken() throws IOException {
        Path file = plain(dir.resolve("bad.int"), "1 2\n1 open\n");
        assertBad(() -> reader.read(file, abi), file, 2, "'open'");
        Path pid = gzip(dir.resolve("pid.int.gz"), "1 2\n1 3\nx1 4\n");
        assertBad(() -> reader.read(pid, abi), pid, 3, "not a process id: 'x1'");
        Path plus = plain(dir.resolve("plus.int"), "1 +2\n");
        assertBad(() -> reader.read(plus, abi), plus, 1, "'+2'");
    }

    @Test
    void negativeNumber() throws IOException {
        Path file = plain(dir.resolve("neg.int"), "1 2\n1 -5\n");
        assertBad(() -> reader.read(file, abi), file, 2, "negative system-call number -5");
    }

    @Test
    void numberOutsideAbi() throws IOException {
        Path file = plain(dir.resolve("big.int"), "1 2\n1 3\n1 451\n");
        assertBad(() -> reader.read(file, abi), file, 3, "outside ABI linux-i386 (0..450)");
        Path huge = plain(dir.resolve("huge.int"), "1 99999999999999999999\n");
        assertBad(() -> reader.read(huge, abi), huge, 1, "99999999999999999999 is outside ABI linux-i386");
    }

    @Test
    void wrongFieldCount() throws IOException {
        Path three = plain(dir.resolve("three.int"), "1 2\n1 2 3\n");
        assertBad(() -> reader.read(three, abi), three, 2, "expected 2 fields 'PID SYSCALL', found 3");
        Path one = plain(dir.resolve("one.int"), "1\n");
        assertBad(() -> reader.read(one, abi), one, 1, "found 1");
    }

    @Test
    void corruptGzip() throws IOException {
        Path whole = gzip(dir.resolve("cut.int.gz"), INTERLEAVED.repeat(200));
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.int.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> reader.read(cut, abi));
        assertTrue(e.getMessage().contains("cut.int.gz") && e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void missingPath() {
        Path missing = dir.resolve("nope.int.gz");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> reader.read(missing, abi));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("not found"),
            e.getMessage());
    }

    @Test
    void emptyDirectory() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertBad(() -> reader.read(empty, abi), empty, 0, "no trace files in directory");
        Path readmeOnly = Files.createDirectory(dir.resolve("readme-only"));
        plain(readmeOnly.resolve("README.md"), "x");
        assertBad(() -> reader.read(readmeOnly, abi), readmeOnly, 0, "1 entries skipped");
    }
}
