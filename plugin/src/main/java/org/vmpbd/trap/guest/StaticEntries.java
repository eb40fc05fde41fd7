package org.vmpbd.trap.guest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The link-time addresses of the system-call entries, found in a vmlinux file's .text by their
 * prologues (the file may be stripped). They are the run-time addresses only when the guest boots
 * without KASLR (PVH direct boot of vmlinux, or {@code nokaslr}); a driver that needs the address
 * before the guest runs (QEMU's {@code -dfilter}) can take them from here.
 *
 * @param syscall64      entry_SYSCALL_64, if found exactly once
 * @param syscallCompat  entry_SYSCALL_compat, if found exactly once
 * @param sysenterCompat entry_SYSENTER_compat, if found exactly once
 */
public record StaticEntries(OptionalLong syscall64, OptionalLong syscallCompat, OptionalLong sysenterCompat) {

    public static StaticEntries fromVmlinux(Path vmlinux) throws IOException {
        ElfSections elf = ElfSections.read(vmlinux);
        ElfSections.Section text = elf.find(".text").orElseThrow(() -> new IOException(vmlinux + ": no .text section"));
        ByteBuffer b = elf.bytes(".text");
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new StaticEntries(unique(EntryPrologues.syscall64(bytes), text.address()),
            unique(EntryPrologues.syscallCompat(bytes), text.address()),
            unique(EntryPrologues.sysenterCompat(bytes), text.address()));
    }

    private static OptionalLong unique(List<Integer> hits, long base) {
        return hits.size() == 1 ? OptionalLong.of(base + hits.get(0)) : OptionalLong.empty();
    }
}
