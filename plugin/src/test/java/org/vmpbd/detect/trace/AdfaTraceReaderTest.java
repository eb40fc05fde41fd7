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

class AdfaTraceReaderTest {
    @TempDir
    Path dir;

    private final Abi abi = Abis.byName("linux-i386");
    private final AdfaTraceReader reader = new AdfaTraceReader();

    @Test
    void readsOneLineWithTrailingSpaceAndNoNewline() throws IOException {
        Path file = plain(dir.resolve("UTD-0001.txt"), "6 6 63 6 42 120 6 195 120 6 6 114 162 ");
        List<ProcessTrace> traces = reader.read(file, abi);
        assertEquals(1, traces.size());
        assertEquals("UTD-0001.txt", traces.get(0).id());
        assertArrayEquals(new int[] {6, 6, 63, 6, 42, 120, 6, 195, 120, 6, 6, 114, 162}, traces.get(0).calls());
    }

    @Test
    void readsSeveralLinesAndGzip() throws IOException {
        Path file = plain(dir.resolve("multi.txt"), "3 4 \n5\n\n 6 \n");
        assertArrayEquals(new int[] {3, 4, 5, 6}, reader.read(file, abi).get(0).calls());
        Path gz = gzip(dir.resolve("z.txt"), "1 2 3 ");
        assertArrayEquals(new int[] {1, 2, 3}, reader.read(gz, abi).get(0).calls());
    }

    @Test
    void readsDirectorySortedByName() throws IOException {
        plain(dir.resolve("UTD-0002.txt"), "2 ");
        plain(dir.resolve("UTD-0001.txt"), "1 ");
        plain(dir.resolve("README.md"), "about");
        Files.createDirectory(dir.resolve("sub"));
        plain(dir.resolve("sub/UTD-0003.txt"), "3 ");
        ReadResult result = reader.readWithReport(dir, abi);
        assertEquals(List.of("UTD-0001.txt", "UTD-0002.txt"), result.traces().stream().map(ProcessTrace::id).toList());
        assertEquals(2, result.skipped().size());
    }

    @Test
    void recursionKeepsTheAttackFolderInTheId() throws IOException {
        plain(dir.resolve("Hydra_FTP_1/UAD-Hydra-FTP-1-9186.txt"), "4 ");
        plain(dir.resolve("Adduser_1/UAD-Adduser-1-1613.txt"), "2 ");
        plain(dir.resolve("Adduser_1/UAD-Adduser-1-1371.txt"), "1 ");
        plain(dir.resolve("README.md"), "about");
        List<ProcessTrace> traces = new AdfaTraceReader(true).read(dir, abi);
        assertEquals(List.of("Adduser_1/UAD-Adduser-1-1371.txt", "Adduser_1/UAD-Adduser-1-1613.txt",
            "Hydra_FTP_1/UAD-Hydra-FTP-1-9186.txt"), traces.stream().map(ProcessTrace::id).toList());
        assertEquals(List.of("UAD-Adduser-1-1371.txt", "UAD-Adduser-1-1613.txt"),
            new AdfaTraceReader(true).read(dir.resolve("Adduser_1"), abi).stream().map(ProcessTrace::id).toList(),
            "ids are relative to the directory read");
    }

    @Test
    void emptyFile() throws IOException {
        Path file = plain(dir.resolve("empty.txt"), "");
        assertBad(() -> reader.read(file, abi), file, 0, "empty trace file");
        Path spaces = plain(dir.resolve("spaces.txt"), "   \n ");
        assertBad(() -> reader.read(spaces, abi), spaces, 0, "empty trace file");
    }

    @Test
    void nonNumberToken() throws IOException {
        Path file = plain(dir.resolve("bad.txt"), "1 2 \n3 4x 5 ");
        assertBad(() -> reader.read(file, abi), file, 2, "not a system-call number: '4x'");
        Path comma = plain(dir.resolve("comma.txt"), "1,2,3");
        assertBad(() -> reader.read(comma, abi), comma, 1, "'1,2,3'");
    }

    @Test
    void negativeNumber() throws IOException {
        Path file = plain(dir.resolve("neg.txt"), "1 -2 3 ");
        assertBad(() -> reader.read(file, abi), file, 1, "negative system-call number -2");
    }

    @Test
    void numberOutsideAbi() throws IOException {
        Path file = plain(dir.resolve("big.txt"), "1 2\n3 4\n5 999 ");
        assertBad(() -> reader.read(file, abi), file, 3, "system call 999 is outside ABI linux-i386 (0..450)");
        Abi sunos = Abis.byName("sunos");
        Path sun = plain(dir.resolve("sun.txt"), "0 168 183 ");
        assertBad(() -> reader.read(sun, sunos), sun, 1, "outside ABI sunos (0..182)");
    }

    @Test
    void missingPathAndEmptyDirectory() throws IOException {
        Path missing = dir.resolve("Training_Data_Master");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> reader.read(missing, abi));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        Files.createDirectory(missing);
        assertBad(() -> reader.read(missing, abi), missing, 0, "no trace files in directory");
        Files.createDirectory(missing.resolve("only-a-subdir"));
        assertBad(() -> new AdfaTraceReader(true).read(missing, abi), missing, 0, "no trace files in directory");
    }
}
