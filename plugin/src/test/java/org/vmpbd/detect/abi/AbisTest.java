package org.vmpbd.detect.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AbisTest {
    @TempDir
    Path dir;

    @Test
    void i386TableHasTheKernelNumbers() {
        Abi abi = Abis.byName("linux-i386");
        assertEquals("restart_syscall", abi.nameOf(0));
        assertEquals("exit", abi.nameOf(1));
        assertEquals("read", abi.nameOf(3));
        assertEquals("open", abi.nameOf(5));
        assertEquals("socketcall", abi.nameOf(102));
        assertEquals("ipc", abi.nameOf(117));
        assertEquals("socket", abi.nameOf(359));
        assertEquals("nr_222", abi.nameOf(222), "gaps are filled");
    }

    @Test
    void x8664TableHasTheKernelNumbers() {
        Abi abi = Abis.byName("linux-x86_64");
        assertEquals("read", abi.nameOf(0));
        assertEquals("execve", abi.nameOf(59));
        assertEquals("nr_335", abi.nameOf(335), "gaps are filled");
        assertEquals(OptionalInt.of(42), abi.numberOf("connect"));
    }

    @Test
    void sizeIncludesTheUnmappedSlot() {
        for (String name : Abis.names()) {
            Abi abi = Abis.byName(name);
            assertEquals(abi.size() - 1, abi.unmapped());
            assertEquals(Abi.UNMAPPED_NAME, abi.nameOf(abi.unmapped()), name);
            assertTrue(abi.nameOf(abi.unmapped() - 1).length() > 0);
        }
        Abi i386 = Abis.byName("linux-i386");
        assertEquals(452, i386.size(),
            "0..450 (linux-libc-dev 6.1) plus the unmapped slot; regenerating the table changes the model's n");
    }

    @Test
    void sunosTableIsNumbersOnly() {
        Abi sunos = Abis.byName("sunos");
        assertEquals(184, sunos.size(), "183 entries 0..182 plus the unmapped slot");
        assertEquals("sunos_0", sunos.nameOf(0));
        assertEquals("sunos_182", sunos.nameOf(182));
        assertTrue(Abis.isSunos(sunos));
    }

    @Test
    void tablesAreLoadedOnce() {
        assertSame(Abis.byName("linux-i386"), Abis.byName("linux-i386"));
        assertEquals(List.of("linux-i386", "linux-x86_64", "sunos"), List.copyOf(Abis.names()));
        assertThrows(UnsupportedOperationException.class, () -> Abis.names().add("x"));
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Abis.byName("linux-arm"));
        assertTrue(e.getMessage().contains("linux-arm"), e.getMessage());
        assertTrue(e.getMessage().contains("linux-i386, linux-x86_64, sunos"), e.getMessage());
    }

    @Test
    void namesFileNumbersLinesFromZero() throws IOException {
        Path calls = Files.writeString(dir.resolve("calls.txt.linux42"), "setup\nexit\nfork\n\nwrite\n");
        Abi abi = Abis.fromNamesFile("linux42", calls);
        assertEquals("linux42", abi.name());
        assertEquals(6, abi.size());
        assertEquals("setup", abi.nameOf(0));
        assertEquals("nr_3", abi.nameOf(3));
        assertEquals("write", abi.nameOf(4));
    }

    @Test
    void namesFileProblemsNameThePath() throws IOException {
        Path missing = dir.resolve("calls.txt.none");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Abis.fromNamesFile("x", missing));
        assertTrue(e.getMessage().contains("calls.txt.none"), e.getMessage());
        Path empty = Files.writeString(dir.resolve("calls.txt.empty"), "\n\n");
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
            () -> Abis.fromNamesFile("x", empty));
        assertTrue(e2.getMessage().contains("calls.txt.empty"), e2.getMessage());
    }
}
