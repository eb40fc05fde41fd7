package org.vmpbd.trap.gdbstub;

import java.io.IOException;

/** The stub could not read guest memory there (not mapped in the stopped vCPU's page tables). */
public final class MemoryReadException extends IOException {
    private final long address;

    public MemoryReadException(long address, int length, String reply) {
        super("cannot read " + length + " bytes of guest memory at 0x" + Long.toHexString(address) + ": " + reply);
        this.address = address;
    }

    public long address() {
        return address;
    }
}
