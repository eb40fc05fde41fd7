package org.vmpbd.trap.gdbstub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RspCodecTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void framesWithChecksum() {
        assertEquals("$g#67", new String(RspCodec.frame("g"), StandardCharsets.ISO_8859_1));
        assertEquals("$qSupported#37", new String(RspCodec.frame("qSupported"), StandardCharsets.ISO_8859_1));
        assertEquals("$D;1#b0", new String(RspCodec.frame("D;1"), StandardCharsets.ISO_8859_1));
    }

    @Test
    void runLengthAndEscapes() {
        // '0' then '*' and ' ' (32 - 29 = 3 more copies)
        assertArrayEquals(b("0000"), RspCodec.decodeRunLength(b("0* ")));
        assertArrayEquals(b("ab000000c"), RspCodec.decodeRunLength(b("ab0*\"c")));   // 34 - 29 = 5 more
        assertArrayEquals(b("plain"), RspCodec.decodeRunLength(b("plain")));
        // '}' escapes: 0x7d 0x5d -> ']' ^ 0x20 = '}' ; 0x7d 0x03 -> '#'
        assertArrayEquals(new byte[] {'}', '#', 'x'}, RspCodec.unescape(new byte[] {'l', 0x7d, 0x5d, 0x7d, 0x03, 'x'}, 1));
        byte[] raw = {'$', '#', '}', '*', 'a'};
        assertArrayEquals(raw, RspCodec.unescape(RspCodec.escape(raw), 0));
    }

    @Test
    void hexAndLittleEndian() {
        assertEquals("00ff10", RspCodec.hex(new byte[] {0, (byte) 0xff, 0x10}));
        assertArrayEquals(new byte[] {0, (byte) 0xff, 0x10}, RspCodec.unhex("00FF10"));
        assertThrows(IllegalArgumentException.class, () -> RspCodec.unhex("abc"));
        assertThrows(IllegalArgumentException.class, () -> RspCodec.unhex("zz"));
        assertEquals(0xffffffff81c00080L, RspCodec.littleEndian(RspCodec.unhex("8000c081ffffffff"), 0, 8));
        assertEquals("8000c081ffffffff", RspCodec.littleEndianHex(0xffffffff81c00080L, 8));
    }

    @Test
    void stopReplies() {
        StopReply t = StopReply.parse("T05thread:p01.02;");
        assertEquals('T', t.kind());
        assertEquals(StopReply.SIGTRAP, t.signal());
        assertEquals(1, t.vcpu());
        assertEquals(0, StopReply.parse("T02thread:01;").vcpu());
        assertEquals(-1, StopReply.parse("S05").vcpu());
        assertEquals(true, StopReply.parse("W00").exited());
        assertNull(StopReply.parse("OK"));
        assertNull(StopReply.parse("QCp01.01"));
        assertNull(StopReply.parse("E22"));
    }

    @Test
    void gateDecoding() {
        // QEMU 7.2 guest, 6.1 kernel: IDT gate 0 -> asm_exc_divide_error
        assertEquals(0xffffffff81c00990L, EntryLocator.decodeGate(RspCodec.unhex("90091000008ec081ffffffff00000000")));
    }

    @Test
    void entryInstructions() {
        assertEquals(EntryInstruction.SWAPGS, EntryInstruction.decode(RspCodec.unhex("0f01f865488924"), 0).orElseThrow());
        assertEquals(EntryInstruction.NOP3, EntryInstruction.decode(RspCodec.unhex("0f1f00fc6aff"), 0).orElseThrow());
        assertEquals(EntryInstruction.CLAC, EntryInstruction.decode(RspCodec.unhex("0f01cafc"), 0).orElseThrow());
        assertEquals(EntryInstruction.ENDBR64, EntryInstruction.decode(RspCodec.unhex("f30f1efa0f01f8"), 0).orElseThrow());
        assertEquals(EntryInstruction.NOP1, EntryInstruction.decode(RspCodec.unhex("90"), 0).orElseThrow());
        assertEquals(true, EntryInstruction.decode(RspCodec.unhex("4889e5"), 0).isEmpty());
        byte[] text = RspCodec.unhex("90900f01f86548892425aa0f01f8658b");
        assertEquals(java.util.List.of(2), org.vmpbd.trap.guest.EntryPrologues.syscall64(text));
    }
}
