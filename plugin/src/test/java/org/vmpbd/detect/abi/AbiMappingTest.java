package org.vmpbd.detect.abi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vmpbd.detect.trace.ProcessTrace;

class AbiMappingTest {
    private final Abi x64 = Abis.byName("linux-x86_64");
    private final Abi i386 = Abis.byName("linux-i386");
    private final AbiMapping multiplexed = AbiMapping.linuxX8664ToI386(SocketCallMode.MULTIPLEXED);
    private final AbiMapping direct = AbiMapping.linuxX8664ToI386(SocketCallMode.DIRECT);

    private int nr(Abi abi, String name) {
        return abi.numberOf(name).orElseThrow();
    }

    @Test
    void mapsByName() {
        assertEquals(3, multiplexed.map(nr(x64, "read")));
        assertEquals(11, multiplexed.map(nr(x64, "execve")));
        assertEquals(5, multiplexed.map(nr(x64, "open")));
        assertSame(x64, multiplexed.source());
        assertSame(i386, multiplexed.target());
        assertEquals(multiplexed.map(nr(x64, "read")), AbiMapping.linuxX8664ToI386().map(nr(x64, "read")));
    }

    @Test
    void socketCallsAreMultiplexedByDefault() {
        assertEquals(102, multiplexed.map(nr(x64, "connect")));
        assertEquals(102, multiplexed.map(nr(x64, "socket")));
        assertEquals(102, multiplexed.map(nr(x64, "recvmmsg")));
        assertEquals(117, multiplexed.map(nr(x64, "msgget")));
        assertEquals(117, multiplexed.map(nr(x64, "semtimedop")));
        assertEquals(102, AbiMapping.between(x64, i386).map(nr(x64, "connect")));
    }

    @Test
    void directModeUsesI386DirectSocketCalls() {
        assertEquals(nr(i386, "connect"), direct.map(nr(x64, "connect")));
        assertEquals(362, direct.map(nr(x64, "connect")));
        assertEquals(359, direct.map(nr(x64, "socket")));
        assertEquals(399, direct.map(nr(x64, "msgget")));
        assertEquals(102, direct.map(nr(x64, "accept")), "i386 has no direct accept");
        assertEquals(117, direct.map(nr(x64, "semop")), "i386 has no direct semop");
        assertEquals(3, direct.map(nr(x64, "read")));
    }

    @Test
    void callsMapToTheEntryPointsI386GlibcUses() {
        assertEquals(i386.numberOf("fstatat64").getAsInt(), multiplexed.map(nr(x64, "newfstatat")));
        assertEquals(i386.numberOf("stat64").getAsInt(), multiplexed.map(nr(x64, "stat")));
        assertEquals(192, multiplexed.map(nr(x64, "mmap")), "mmap2");
        assertEquals(199, multiplexed.map(nr(x64, "getuid")), "getuid32");
        assertEquals(140, multiplexed.map(nr(x64, "lseek")), "_llseek");
        assertEquals(142, multiplexed.map(nr(x64, "select")), "_newselect");
    }

    @Test
    void callsI386LacksAreUnmapped() {
        assertEquals(i386.unmapped(), multiplexed.map(nr(x64, "tuxcall")));
        assertEquals(i386.unmapped(), multiplexed.map(335), "gap in the x86_64 table");
        assertEquals(i386.unmapped(), multiplexed.map(x64.unmapped()));
        assertThrows(IllegalArgumentException.class, () -> multiplexed.map(x64.size()));
        assertThrows(IllegalArgumentException.class, () -> multiplexed.map(-1));
    }

    @Test
    void mapsTraces() {
        ProcessTrace trace = new ProcessTrace("vm/1/sh/0", x64,
            new int[] {nr(x64, "read"), nr(x64, "connect"), nr(x64, "tuxcall")}, "test");
        ProcessTrace mapped = trace.mapped(multiplexed);
        assertEquals("vm/1/sh/0", mapped.id());
        assertSame(i386, mapped.abi());
        assertEquals("test", mapped.source());
        assertArrayEquals(new int[] {3, 102, i386.unmapped()}, mapped.calls());
        assertThrows(IllegalArgumentException.class, () -> mapped.mapped(multiplexed));
    }

    @Test
    void sunosIsNeverMapped() {
        Abi sunos = Abis.byName("sunos");
        for (List<Abi> pair : List.of(List.of(sunos, i386), List.of(i386, sunos), List.of(x64, sunos))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AbiMapping.between(pair.get(0), pair.get(1)));
            assertTrue(e.getMessage().contains("never map the sunos set by name"), e.getMessage());
        }
    }

    @Test
    void identicalAbisMapToThemselves() {
        Abi sunos = Abis.byName("sunos");
        AbiMapping identity = AbiMapping.between(sunos, sunos);
        for (int nr = 0; nr < sunos.size(); nr++) {
            assertEquals(nr, identity.map(nr));
        }
        ProcessTrace trace = new ProcessTrace("f#1", i386, new int[] {3, 5}, "test");
        assertSame(trace, trace.mapped(AbiMapping.between(i386, i386)));
    }

    @Test
    void unknownPairsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> AbiMapping.between(i386, x64));
        assertTrue(e.getMessage().contains("no mapping from linux-i386 to linux-x86_64"), e.getMessage());
    }

    @Test
    void mappingTableCoversEveryX8664Call() {
        Set<String> listed = new HashSet<>();
        for (AbiTables.NumberedLine line : AbiTables.resourceLines(AbiMapping.X86_64_TO_I386_RESOURCE)) {
            listed.add(line.text().split("\t")[0]);
        }
        for (int nr = 0; nr < x64.unmapped(); nr++) {
            String name = x64.nameOf(nr);
            assertEquals(!name.equals("nr_" + nr), listed.contains(name), name);
        }
    }
}
