package org.vmpbd.trap.gdbstub;

import java.util.HashMap;
import java.util.Map;

/**
 * Where the registers a trap needs sit in a {@code g} reply, and their numbers for {@code P}, all
 * derived from the stub's target description (QEMU 7.2: rax=0, rip=16, eflags=17, gs_base=25,
 * k_gs_base=26, cr3=29).
 */
final class RegisterLayout {
    private final TargetDescription target;
    private final Map<String, TargetDescription.Register> regs = new HashMap<>();
    final TargetDescription.Register rax;
    final TargetDescription.Register rip;
    final TargetDescription.Register eflags;
    final TargetDescription.Register gsBase;
    final TargetDescription.Register kernelGsBase;
    final TargetDescription.Register cr3;

    RegisterLayout(TargetDescription target) {
        this.target = target;
        this.rax = need("rax");
        this.rip = need("rip");
        this.eflags = need("eflags");
        this.gsBase = need("gs_base");
        this.kernelGsBase = need("k_gs_base");
        this.cr3 = need("cr3");
        for (String r : new String[] {"rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8", "r9", "r10"}) {
            need(r);
        }
    }

    private TargetDescription.Register need(String name) {
        TargetDescription.Register r = target.require(name);
        if (r.offset() + r.bytes() > target.gSize()) {
            throw new IllegalArgumentException("register " + name + " outside the g packet");
        }
        regs.put(name, r);
        return r;
    }

    TargetDescription.Register get(String name) {
        TargetDescription.Register r = regs.get(name);
        return r != null ? r : target.require(name);
    }

    /** The register's value in a {@code g} reply. */
    long value(byte[] g, TargetDescription.Register r) {
        if (g.length < r.offset() + r.bytes()) {
            throw new IllegalArgumentException("g reply of " + g.length + " bytes has no " + r.name());
        }
        return RspCodec.littleEndian(g, r.offset(), Math.min(8, r.bytes()));
    }

    long value(byte[] g, String name) {
        return value(g, get(name));
    }
}
