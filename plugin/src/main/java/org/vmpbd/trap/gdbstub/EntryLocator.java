package org.vmpbd.trap.gdbstub;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vmpbd.trap.guest.EntryPrologues;

/**
 * Finds the guest's system-call entry points without the guest's help (the IDT method), also with
 * KASLR on: the IDT base from the monitor ({@code info registers} through {@code qRcmd}), gate 0's
 * handler ({@code asm_exc_divide_error}, in the entry text), then a scan of the entry-text pages
 * around it for the {@code entry_SYSCALL_64} prologue {@code 0f 01 f8 65 48 89 24 25} (swapgs; mov
 * %rsp,%gs:disp32), which must occur exactly once. The 32-bit entries: gate 0x80's handler
 * ({@code entry_INT80_compat}, or {@code asm_int80_emulation} on kernels with the 2023 int80 fix),
 * and the prologues of {@code entry_SYSCALL_compat} (swapgs; mov %esp,%r8d) and
 * {@code entry_SYSENTER_compat} (swapgs; push %rax; ...; mov %gs:disp32,%rsp; push $__USER32_DS),
 * each taken only when found exactly once. Needs a stopped VM.
 */
public final class EntryLocator {
    /** Bytes scanned before and after the page of the divide-error handler. */
    static final int WINDOW_BEFORE = 0x2000;
    static final int WINDOW_AFTER = 0x5000;

    private static final Pattern IDT = Pattern.compile("IDT=\\s*([0-9a-fA-F]+)\\s+([0-9a-fA-F]+)");

    /** The entries found, and what could not be found (the blind spots of this session). */
    public record Result(List<EntryPoint> entries, List<String> missing, long idtBase, long divideErrorHandler) {
        public Result {
            entries = List.copyOf(entries);
            missing = List.copyOf(missing);
        }

        public EntryPoint syscall64() {
            return entries.stream().filter(e -> e.kind() == EntryPoint.Kind.SYSCALL_64).findFirst().orElseThrow();
        }
    }

    private final RspClient client;

    public EntryLocator(RspClient client) {
        this.client = client;
    }

    /**
     * @param entry  the address of entry_SYSCALL_64 if known (kallsyms, System.map); else the IDT method
     * @param compat also look for the 32-bit entry points
     */
    public Result locate(OptionalLong entry, boolean compat) throws IOException {
        List<EntryPoint> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        long idt = 0;
        long divide = 0;
        byte[] window = null;
        long windowStart = 0;
        boolean needIdt = entry.isEmpty() || compat;
        if (needIdt) {
            try {
                idt = idtBase();
                divide = gateHandler(idt, 0);
                windowStart = (divide & ~0xfffL) - WINDOW_BEFORE;
                window = readWindow(windowStart, WINDOW_BEFORE + WINDOW_AFTER);
            } catch (IOException e) {
                if (entry.isEmpty()) {
                    throw new IOException("IDT method failed (" + e.getMessage() + "); set entry=0x<entry_SYSCALL_64> from kallsyms", e);
                }
                missing.add("32-bit entries: IDT method failed: " + e.getMessage());
                compat = false;
            }
        }
        if (entry.isPresent()) {
            found.add(at(EntryPoint.Kind.SYSCALL_64, entry.getAsLong(), "setting entry"));
        } else {
            List<Integer> hits = EntryPrologues.syscall64(window);
            if (hits.size() != 1) {
                throw new IOException("IDT method: entry_SYSCALL_64 prologue found " + hits.size()
                    + " times near asm_exc_divide_error 0x" + Long.toHexString(divide) + " (expected once); set entry=0x... from kallsyms");
            }
            found.add(new EntryPoint(EntryPoint.Kind.SYSCALL_64, windowStart + hits.get(0), EntryInstruction.SWAPGS,
                "IDT gate 0 + prologue scan"));
        }
        if (compat) {
            locateCompat(idt, window, windowStart, found, missing);
        } else if (missing.isEmpty()) {
            missing.add("32-bit entries (int $0x80, sysenter, 32-bit syscall): not trapped (compat=false)");
        }
        return new Result(found, missing, idt, divide);
    }

    private void locateCompat(long idt, byte[] window, long windowStart, List<EntryPoint> found, List<String> missing)
        throws IOException {
        try {
            long h = gateHandler(idt, 0x80);
            byte[] code = client.readMemory(h, 8);
            EntryInstruction.decode(code, 0).ifPresentOrElse(
                i -> found.add(new EntryPoint(EntryPoint.Kind.INT80_COMPAT, h, i, "IDT gate 0x80")),
                () -> missing.add("int $0x80: handler 0x" + Long.toHexString(h) + " starts with "
                    + RspCodec.hex(code) + ", which this driver cannot emulate"));
        } catch (IOException e) {
            missing.add("int $0x80: " + e.getMessage());
        }
        List<Integer> sc = EntryPrologues.syscallCompat(window);
        if (sc.size() == 1) {
            found.add(new EntryPoint(EntryPoint.Kind.SYSCALL_COMPAT, windowStart + sc.get(0), EntryInstruction.SWAPGS, "prologue scan"));
        } else {
            missing.add("32-bit syscall (entry_SYSCALL_compat): prologue found " + sc.size() + " times");
        }
        List<Integer> se = window == null ? List.of() : EntryPrologues.sysenterCompat(window);
        if (se.size() == 1) {
            found.add(new EntryPoint(EntryPoint.Kind.SYSENTER_COMPAT, windowStart + se.get(0), EntryInstruction.SWAPGS, "prologue scan"));
        } else {
            missing.add("sysenter (entry_SYSENTER_compat): prologue found " + se.size() + " times");
        }
    }

    /** An entry point at a known address: its first instruction must be one we can emulate. */
    public EntryPoint at(EntryPoint.Kind kind, long address, String how) throws IOException {
        byte[] code = client.readMemory(address, 8);
        EntryInstruction i = EntryInstruction.decode(code, 0).orElseThrow(() -> new IOException(
            kind.symbol() + " at 0x" + Long.toHexString(address) + " starts with " + RspCodec.hex(code)
                + ": not swapgs/nop/endbr/clac (wrong address?)"));
        return new EntryPoint(kind, address, i, how);
    }

    /** The IDT base, from the monitor's {@code info registers}. */
    public long idtBase() throws IOException {
        String regs = client.monitor("info registers");
        Matcher m = IDT.matcher(regs);
        if (!m.find()) {
            throw new IOException("no IDT= in the monitor's 'info registers'");
        }
        return Long.parseUnsignedLong(m.group(1), 16);
    }

    /** The handler address of an IDT gate (16-byte long-mode gate descriptor). */
    public long gateHandler(long idt, int vector) throws IOException {
        byte[] g = client.readMemory(idt + 16L * vector, 16);
        if ((g[5] & 0x80) == 0) {
            throw new IOException("IDT gate 0x" + Integer.toHexString(vector) + " not present");
        }
        return decodeGate(g);
    }

    static long decodeGate(byte[] g) {
        long low = RspCodec.littleEndian(g, 0, 2);
        long mid = RspCodec.littleEndian(g, 6, 2);
        long high = RspCodec.littleEndian(g, 8, 4);
        return low | mid << 16 | high << 32;
    }

    private byte[] readWindow(long start, int length) throws IOException {
        byte[] out = new byte[length];
        int readable = 0;
        for (int off = 0; off < length; off += 0x1000) {
            try {
                byte[] page = client.readMemory(start + off, 0x1000);
                System.arraycopy(page, 0, out, off, page.length);
                readable++;
            } catch (MemoryReadException e) {
                // unmapped page at the edge of the entry text: leave zeros
            }
        }
        if (readable == 0) {
            throw new IOException("entry text around 0x" + Long.toHexString(start + WINDOW_BEFORE) + " is not readable");
        }
        return out;
    }
}
