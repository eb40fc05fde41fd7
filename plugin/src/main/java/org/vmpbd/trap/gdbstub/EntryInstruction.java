package org.vmpbd.trap.gdbstub;

import java.util.Optional;
import org.vmpbd.trap.guest.EntryPrologues;

/**
 * The first instruction at a system-call entry breakpoint, which the driver emulates instead of
 * stepping over it (the "emuP" route: no single-step, no breakpoint toggling, a few {@code P}
 * writes and {@code c}). Only instructions with a trivially emulated effect qualify.
 */
public enum EntryInstruction {
    /** {@code swapgs} (0f 01 f8): exchange GS base and kernel GS base. */
    SWAPGS(3),
    /** {@code clac} (0f 01 ca): clear EFLAGS.AC. */
    CLAC(3),
    /** {@code endbr64} (f3 0f 1e fa): a no-op for the emulator. */
    ENDBR64(4),
    NOP1(1),
    NOP2(2),
    NOP3(3),
    NOP4(4),
    NOP5(5),
    NOP6(6);

    /** EFLAGS.AC (bit 18). */
    public static final long EFLAGS_AC = 1L << 18;

    private final int length;

    EntryInstruction(int length) {
        this.length = length;
    }

    public int length() {
        return length;
    }

    /** Decodes the instruction at the start of {@code code}, if it is one this driver can emulate. */
    public static Optional<EntryInstruction> decode(byte[] code, int at) {
        if (matches(code, at, 0x0f, 0x01, 0xf8)) {
            return Optional.of(SWAPGS);
        }
        if (matches(code, at, 0x0f, 0x01, 0xca)) {
            return Optional.of(CLAC);
        }
        if (matches(code, at, 0xf3, 0x0f, 0x1e, 0xfa)) {
            return Optional.of(ENDBR64);
        }
        if (matches(code, at, 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00)) {
            return Optional.of(NOP6);
        }
        if (matches(code, at, 0x0f, 0x1f, 0x44, 0x00, 0x00)) {
            return Optional.of(NOP5);
        }
        if (matches(code, at, 0x0f, 0x1f, 0x40, 0x00)) {
            return Optional.of(NOP4);
        }
        if (matches(code, at, 0x0f, 0x1f, 0x00)) {
            return Optional.of(NOP3);
        }
        if (matches(code, at, 0x66, 0x90)) {
            return Optional.of(NOP2);
        }
        if (matches(code, at, 0x90)) {
            return Optional.of(NOP1);
        }
        return Optional.empty();
    }

    private static boolean matches(byte[] code, int at, int... pattern) {
        return EntryPrologues.matches(code, at, pattern);
    }
}
