package org.vmpbd.trap.guest;

import java.util.ArrayList;
import java.util.List;

/**
 * The byte patterns that mark x86-64 Linux's system-call entry points in kernel text, for finding
 * them without symbols: in guest memory next to the IDT's handlers (the gdbstub's IDT method) or in
 * a vmlinux file's .text (the static address, for guests booted without KASLR).
 */
public final class EntryPrologues {
    /** entry_SYSCALL_64: swapgs; mov %rsp,%gs:disp32 (the scratch save of the user stack). */
    public static final int[] SYSCALL_64 = {0x0f, 0x01, 0xf8, 0x65, 0x48, 0x89, 0x24, 0x25};
    /** entry_SYSCALL_compat: swapgs; mov %esp,%r8d. */
    public static final int[] SYSCALL_COMPAT = {0x0f, 0x01, 0xf8, 0x41, 0x89, 0xe0};
    /** entry_SYSENTER_compat starts swapgs; push %rax ... */
    public static final int[] SYSENTER_COMPAT = {0x0f, 0x01, 0xf8, 0x50};
    /** ... and soon loads the task stack (mov %gs:disp32,%rsp) then pushes $__USER32_DS. */
    static final int[] LOAD_TASK_STACK = {0x65, 0x48, 0x8b, 0x24, 0x25};
    static final int[] PUSH_USER32_DS = {0x6a, 0x2b};

    private EntryPrologues() {
    }

    /** Offsets of entry_SYSCALL_64 prologues in {@code text}. */
    public static List<Integer> syscall64(byte[] text) {
        return find(text, SYSCALL_64);
    }

    /** Offsets of entry_SYSCALL_compat prologues in {@code text}. */
    public static List<Integer> syscallCompat(byte[] text) {
        return find(text, SYSCALL_COMPAT);
    }

    /** Offsets of entry_SYSENTER_compat prologues in {@code text} (the short pattern confirmed by what follows). */
    public static List<Integer> sysenterCompat(byte[] text) {
        List<Integer> out = new ArrayList<>();
        for (int hit : find(text, SYSENTER_COMPAT)) {
            for (int k = hit + SYSENTER_COMPAT.length; k < hit + 64 && k < text.length; k++) {
                if (matches(text, k, LOAD_TASK_STACK) && matches(text, k + LOAD_TASK_STACK.length + 4, PUSH_USER32_DS)) {
                    out.add(hit);
                    break;
                }
            }
        }
        return out;
    }

    public static List<Integer> find(byte[] hay, int[] needle) {
        List<Integer> hits = new ArrayList<>();
        if (hay == null) {
            return hits;
        }
        int first = needle[0];
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if ((hay[i] & 0xff) == first && matches(hay, i, needle)) {
                hits.add(i);
            }
        }
        return hits;
    }

    public static boolean matches(byte[] code, int at, int... pattern) {
        if (at < 0 || at + pattern.length > code.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if ((code[at + i] & 0xff) != pattern[i]) {
                return false;
            }
        }
        return true;
    }
}
