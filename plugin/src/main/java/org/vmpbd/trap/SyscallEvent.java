package org.vmpbd.trap;

/**
 * One guest system call seen from outside the guest.
 *
 * @param vm         the VM (libvirt domain name or UUID)
 * @param vcpu       the vCPU that made the call (0-based)
 * @param cr3        the page-table root with PCID bits (0..11) and bit 63 masked off
 * @param pid        guest process id (tgid of the calling task), or -1 when the profile cannot tell
 * @param comm       guest process name (task comm), or "" when unknown
 * @param generation the session's process identity counter: a new value whenever a pid starts a new
 *                   program (exec), ends (exit) or is first seen, so recycled pids and CR3s never merge
 * @param nr         system-call number in {@code abi}'s numbering
 * @param abi        ABI name of {@code nr} (e.g. linux-x86_64; the 32-bit entry points give linux-i386)
 * @param args       system-call arguments when the driver reads them (may be empty)
 * @param timeNanos  host monotonic time of the trap
 */
public record SyscallEvent(String vm, int vcpu, long cr3, int pid, String comm, long generation, int nr, String abi,
                           long[] args, long timeNanos) {
    /** Bits 0..11 (PCID) and bit 63 (no-flush) are not part of the page-table address. */
    public static final long CR3_ADDRESS_MASK = ~0xFFFL & ~(1L << 63);

    public SyscallEvent {
        args = args == null ? new long[0] : args.clone();
    }

    /** The process key used by the detector and the event log: {@code vm/pid/comm/generation}. */
    public String processKey() {
        return vm + "/" + pid + "/" + comm + "/" + generation;
    }

    @Override
    public long[] args() {
        return args.clone();
    }
}
