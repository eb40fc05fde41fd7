package org.vmpbd.trap.gdbstub;

/**
 * The few system-call numbers the trap path itself must know, per ABI: the calls that end a
 * program (execve, execveat, exit_group) or rename a task (prctl, for PR_SET_NAME).
 */
final class SyscallNumbers {
    static final String X86_64 = "linux-x86_64";
    static final String I386 = "linux-i386";

    static final int X86_64_EXECVE = 59;
    static final int X86_64_EXECVEAT = 322;
    static final int X86_64_EXIT_GROUP = 231;
    static final int X86_64_PRCTL = 157;
    static final int I386_EXECVE = 11;
    static final int I386_EXECVEAT = 358;
    static final int I386_EXIT_GROUP = 252;
    static final int I386_PRCTL = 172;

    private SyscallNumbers() {
    }

    /**
     * The number to give a session-wide (x86_64-numbered) {@link org.vmpbd.trap.ProcessIdentities}:
     * an i386 exec/exit_group becomes its x86_64 twin, any other i386 call a number that ends nothing.
     */
    static int identityNumber(String abi, int nr) {
        if (!I386.equals(abi)) {
            return nr;
        }
        return switch (nr) {
            case I386_EXECVE -> X86_64_EXECVE;
            case I386_EXECVEAT -> X86_64_EXECVEAT;
            case I386_EXIT_GROUP -> X86_64_EXIT_GROUP;
            default -> -1;
        };
    }

    /** Whether the cached identity of the caller must be read again after this call. */
    static boolean invalidatesTask(String abi, int nr) {
        if (I386.equals(abi)) {
            return nr == I386_EXECVE || nr == I386_EXECVEAT || nr == I386_EXIT_GROUP || nr == I386_PRCTL;
        }
        return nr == X86_64_EXECVE || nr == X86_64_EXECVEAT || nr == X86_64_EXIT_GROUP || nr == X86_64_PRCTL;
    }
}
