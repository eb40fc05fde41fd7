package org.vmpbd.trap.tcglog;

import java.nio.charset.StandardCharsets;

/**
 * Parses QEMU's {@code -d cpu} log (x86_cpu_dump_state, one block per logged translation-block
 * execution): {@code RAX=... RBX=... RCX=... RDX=...}, {@code RSI=... RDI=... RBP=...},
 * {@code R8 =... R9 =... R10=...}, {@code RIP=...}, {@code CR0=... CR2=... CR3=...}; with
 * {@code -d cpu,exec} a {@code Trace N:} line before each block names the vCPU. A record is complete
 * at its EFER line (or when the next one starts); it carries a hash of all its lines, so that a
 * block QEMU logged twice for one execution can be recognised. Lines are given as bytes (no String
 * per line). Not thread-safe.
 */
final class CpuDumpParser {
    /** A complete record: the registers a trap needs. */
    record CpuRecord(int vcpu, long rip, long cr3, long rax, long rbx, long rcx, long rdx, long rsi, long rdi, long rbp,
                     long r8, long r9, long r10, long hash) {
    }

    interface Sink {
        void record(CpuRecord r);
    }

    private final Sink sink;
    private int vcpu = -1;
    private boolean open;
    private long rip;
    private long rax;
    private long rbx;
    private long rcx;
    private long rdx;
    private long rsi;
    private long rdi;
    private long rbp;
    private long r8;
    private long r9;
    private long r10;
    private long cr3;
    private long hash;
    private long records;

    CpuDumpParser(Sink sink) {
        this.sink = sink;
    }

    long records() {
        return records;
    }

    /** One line, without its newline: {@code b[from, to)}. */
    void line(byte[] b, int from, int to) {
        int len = to - from;
        if (len < 4) {
            return;
        }
        byte c0 = b[from];
        byte c1 = b[from + 1];
        byte c2 = b[from + 2];
        byte c3 = b[from + 3];
        if (c0 == 'T' && startsWith(b, from, to, "Trace ")) {
            if (open) {
                emit();
            }
            int i = from + 6;
            int v = 0;
            boolean any = false;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                v = v * 10 + (b[i++] - '0');
                any = true;
            }
            vcpu = any ? v : -1;
            return;
        }
        if (c0 == 'R' && c1 == 'A' && c2 == 'X' && c3 == '=') {
            if (open) {
                emit();
            }
            open = true;
            hash = 0xcbf29ce484222325L;
            cr3 = 0;
            rax = hex(b, from + 4, to);
            rbx = field(b, from, to, "RBX=");
            rcx = field(b, from, to, "RCX=");
            rdx = field(b, from, to, "RDX=");
        } else if (!open) {
            return;
        } else if (c0 == 'R' && c1 == 'S' && c2 == 'I' && c3 == '=') {
            rsi = hex(b, from + 4, to);
            rdi = field(b, from, to, "RDI=");
            rbp = field(b, from, to, "RBP=");
        } else if (c0 == 'R' && c1 == '8' && c2 == ' ' && c3 == '=') {
            r8 = hex(b, from + 4, to);
            r9 = field(b, from, to, "R9 =");
            r10 = field(b, from, to, "R10=");
        } else if (c0 == 'R' && c1 == 'I' && c2 == 'P' && c3 == '=') {
            rip = hex(b, from + 4, to);
        } else if (c0 == 'C' && c1 == 'R' && c2 == '0' && c3 == '=') {
            cr3 = field(b, from, to, "CR3=");
        }
        for (int i = from; i < to; i++) {   // FNV-1a over the record's lines
            hash = (hash ^ (b[i] & 0xff)) * 0x100000001b3L;
        }
        if (c0 == 'E' && c1 == 'F' && c2 == 'E' && c3 == 'R') {
            emit();
        }
    }

    /** Ends the log: a record still open is complete as far as it goes. */
    void end() {
        if (open) {
            emit();
        }
    }

    private void emit() {
        open = false;
        records++;
        sink.record(new CpuRecord(vcpu, rip, cr3, rax, rbx, rcx, rdx, rsi, rdi, rbp, r8, r9, r10, hash));
        vcpu = -1;
    }

    /** Convenience for tests. */
    void line(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        line(b, 0, b.length);
    }

    private static boolean startsWith(byte[] b, int from, int to, String p) {
        if (to - from < p.length()) {
            return false;
        }
        for (int i = 0; i < p.length(); i++) {
            if (b[from + i] != p.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static long field(byte[] b, int from, int to, String name) {
        int n = name.length();
        outer:
        for (int i = from; i + n <= to; i++) {
            for (int k = 0; k < n; k++) {
                if (b[i + k] != name.charAt(k)) {
                    continue outer;
                }
            }
            return hex(b, i + n, to);
        }
        return 0;
    }

    private static long hex(byte[] b, int from, int to) {
        long v = 0;
        for (int i = from; i < to && i < from + 16; i++) {
            int d = Character.digit(b[i], 16);
            if (d < 0) {
                break;
            }
            v = v << 4 | d;
        }
        return v;
    }
}
