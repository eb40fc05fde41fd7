package org.vmpbd.trap.gdbstub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Register numbers derived from QEMU 7.2's own target description (captured from its gdbstub). */
class TargetDescriptionTest {
    private static String resource(String name) throws IOException {
        try (InputStream in = TargetDescriptionTest.class.getResourceAsStream("/gdbstub/qemu-7.2/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void qemu72NumbersSkipTheCommentedOutBlock() throws Exception {
        TargetDescription td = TargetDescription.fetch(TargetDescriptionTest::resource);
        assertEquals("i386:x86-64", td.architecture());
        assertEquals(0, td.require("rax").number());
        assertEquals(16, td.require("rip").number());
        assertEquals(17, td.require("eflags").number());
        assertEquals(24, td.require("fs_base").number());
        assertEquals(25, td.require("gs_base").number());
        assertEquals(26, td.require("k_gs_base").number());
        assertEquals(29, td.require("cr3").number());
        assertEquals(32, td.require("efer").number());
        assertEquals(65, td.require("mxcsr").number());
        assertFalse(td.find("ss_base").isPresent(), "commented out in i386-64bit.xml");
        assertEquals(608, td.gSize(), "QEMU 7.2's g packet");
        assertEquals(204, td.require("cr3").offset());
        assertEquals(8, td.require("cr3").bytes());
    }
}
