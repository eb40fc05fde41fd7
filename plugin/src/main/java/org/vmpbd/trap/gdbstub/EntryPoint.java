package org.vmpbd.trap.gdbstub;

/**
 * A guest system-call entry the driver breaks on.
 *
 * @param kind        which entry
 * @param address     guest virtual address of the breakpoint (the entry's first instruction)
 * @param instruction that first instruction, emulated at each stop
 * @param how         how the address was found (e.g. "IDT gate 0 + prologue scan", "setting entry")
 */
public record EntryPoint(Kind kind, long address, EntryInstruction instruction, String how) {
    /** The entry points of x86-64 Linux, with their ABI and argument registers. */
    public enum Kind {
        /** {@code syscall} from 64-bit code: nr in rax, args rdi, rsi, rdx, r10, r8, r9. */
        SYSCALL_64("entry_SYSCALL_64", "linux-x86_64", "rdi", "rsi", "rdx", "r10", "r8", "r9"),
        /** {@code int $0x80} (IDT gate 0x80: entry_INT80_compat or asm_int80_emulation): ebx, ecx, edx, esi, edi, ebp. */
        INT80_COMPAT("int80 (IDT gate 0x80)", "linux-i386", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp"),
        /** {@code syscall} from 32-bit code: ebx, ebp (ecx is the return address), edx, esi, edi; arg 6 is on the user stack (not read). */
        SYSCALL_COMPAT("entry_SYSCALL_compat", "linux-i386", "rbx", "rbp", "rdx", "rsi", "rdi"),
        /** {@code sysenter} (through the vDSO): ebx, ecx, edx, esi, edi; arg 6 is on the user stack (not read). */
        SYSENTER_COMPAT("entry_SYSENTER_compat", "linux-i386", "rbx", "rcx", "rdx", "rsi", "rdi");

        private final String symbol;
        private final String abi;
        private final String[] argRegisters;

        Kind(String symbol, String abi, String... argRegisters) {
            this.symbol = symbol;
            this.abi = abi;
            this.argRegisters = argRegisters;
        }

        public String symbol() {
            return symbol;
        }

        public String abi() {
            return abi;
        }

        public boolean compat() {
            return this != SYSCALL_64;
        }

        /** The registers holding the arguments, in order (32-bit ABIs use their low halves). */
        public String[] argRegisters() {
            return argRegisters.clone();
        }
    }

    @Override
    public String toString() {
        return kind.symbol() + "@0x" + Long.toHexString(address) + " (" + instruction + ", " + how + ")";
    }
}
