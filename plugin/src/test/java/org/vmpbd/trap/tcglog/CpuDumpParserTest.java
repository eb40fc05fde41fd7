package org.vmpbd.trap.tcglog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** QEMU 7.2's -d cpu,exec records (captured with -dfilter entry_SYSCALL_64+0x1). */
class CpuDumpParserTest {
    @Test
    void parsesRegistersCr3AndVcpu() throws Exception {
        List<CpuDumpParser.CpuRecord> got = new ArrayList<>();
        CpuDumpParser p = new CpuDumpParser(got::add);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
            getClass().getResourceAsStream("/tcglog/qemu-7.2-cpu-exec.log"), StandardCharsets.ISO_8859_1))) {
            String line;
            while ((line = r.readLine()) != null) {
                p.line(line);
            }
        }
        assertEquals(2, got.size());
        CpuDumpParser.CpuRecord a = got.get(0);
        assertEquals(0, a.vcpu());
        assertEquals(0xffffffff81c00080L, a.rip());
        assertEquals(0x0c, a.rax(), "brk");
        assertEquals(0x61de000L, a.cr3());
        assertEquals(0x0c, a.rsi());
        assertEquals(0, a.rdi());
        assertEquals(0x40, a.rbp());
        assertEquals(2, a.r8());
        assertEquals(0x800, a.r9());
        assertEquals(-1L, a.r10());
        assertEquals(0x30043d40L, got.get(1).rdi());
        assertEquals(2, p.records());
        assertNotEquals(a.hash(), got.get(1).hash(), "different calls, different records");
    }

    @Test
    void aBlockLoggedTwiceGivesIdenticalRecords() throws Exception {
        List<String> block = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
            getClass().getResourceAsStream("/tcglog/qemu-7.2-cpu-exec.log"), StandardCharsets.ISO_8859_1))) {
            String line;
            while ((line = r.readLine()) != null && !line.startsWith("EFER=")) {
                block.add(line);
            }
            block.add(line);
        }
        List<CpuDumpParser.CpuRecord> got = new ArrayList<>();
        CpuDumpParser p = new CpuDumpParser(got::add);
        block.forEach(p::line);
        block.forEach(p::line);
        // a record that differs in any byte is another record
        block.forEach(l -> p.line(l.startsWith("CCS=") ? l.replace("CCD=0000000000000000", "CCD=0000000000000001") : l));
        assertEquals(3, got.size());
        assertEquals(got.get(0).hash(), got.get(1).hash());
        assertNotEquals(got.get(0).hash(), got.get(2).hash());
    }
}
