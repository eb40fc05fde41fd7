package org.vmpbd.trap.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestProfileTest {
    /** build/guest/vmlinux of this checkout (scripts/build-guest.sh), or null. */
    static Path vmlinux() {
        Path p = Path.of(System.getProperty("user.dir")).resolve("../build/guest/vmlinux").normalize();
        return Files.isRegularFile(p) ? p : null;
    }

    @Test
    void profileFromTheGuestKernelsBtfIsPlausible() throws Exception {
        Path vmlinux = vmlinux();
        Assumptions.assumeTrue(vmlinux != null, "build/guest/vmlinux missing: run scripts/build-guest.sh");
        long t0 = System.nanoTime();
        GuestProfile p = GuestProfile.fromVmlinux(vmlinux);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("guest profile (" + ms + " ms): " + p.toJson());
        assertEquals(16, p.commLength(), "TASK_COMM_LEN");
        assertEquals(4, p.taskTgid() - p.taskPid(), "pid and tgid are adjacent s32");
        assertTrue(p.taskPid() > 0x100 && p.taskPid() < 0x2000, "pid deep inside task_struct: " + p.taskPid());
        assertTrue(p.taskComm() > p.taskTgid() && p.taskComm() < 0x3000, "comm after tgid: " + p.taskComm());
        assertTrue(p.currentTask() > 0 && p.currentTask() < 0x40000, "per-cpu offset: " + p.currentTask());
        assertEquals(64, p.btfSha256().length());
    }

    @Test
    void btfTypesOfTheGuestKernel() throws Exception {
        Path vmlinux = vmlinux();
        Assumptions.assumeTrue(vmlinux != null, "build/guest/vmlinux missing: run scripts/build-guest.sh");
        Btf btf = Btf.parse(ElfSections.read(vmlinux).bytes(".BTF"));
        assertTrue(btf.typeCount() > 10_000, "a kernel has many types: " + btf.typeCount());
        int task = btf.find(Btf.KIND_STRUCT, "task_struct").orElseThrow();
        assertTrue(btf.sizeOf(task) > 2000, "task_struct size " + btf.sizeOf(task));
        // a kind_flag struct with bitfields: every member lies inside the struct
        int sk = btf.find(Btf.KIND_STRUCT, "sock").orElseThrow();
        for (Btf.Member m : btf.members(sk)) {
            assertTrue(m.bitOffset() + m.bitfieldSize() <= btf.sizeOf(sk) * 8, m.toString());
        }
        Btf.SectionVar cur = btf.sectionVar(".data..percpu", "current_task").orElseThrow();
        assertEquals(8, cur.size(), "a pointer");
        assertEquals(Btf.KIND_PTR, btf.kind(btf.resolve(cur.type())));
    }

    @Test
    void jsonRoundTripAndRefusals(@TempDir Path dir) throws Exception {
        GuestProfile p = new GuestProfile(GuestProfile.FORMAT, "ab", 0x1fa40, 0x5a0, 0x5a4, 0x738, 16);
        Path f = dir.resolve("p.json");
        p.write(f);
        assertEquals(p, GuestProfile.read(f));
        assertEquals(p, GuestProfile.fromJson(p.toJson()));
        assertThrows(IOException.class, () -> GuestProfile.fromJson(p.toJson().replace("\"format\":1", "\"format\":9")));
        Path notElf = dir.resolve("vmlinuz");
        byte[] bz = new byte[512];
        bz[0] = 0x4d;
        bz[1] = 0x5a;
        Files.write(notElf, bz);
        IOException e = assertThrows(IOException.class, () -> GuestProfile.fromVmlinux(notElf));
        assertTrue(e.getMessage().contains("not an ELF"), e.getMessage());
    }

    @Test
    void staticEntriesOfTheGuestKernel() throws Exception {
        Path vmlinux = vmlinux();
        Assumptions.assumeTrue(vmlinux != null, "build/guest/vmlinux missing: run scripts/build-guest.sh");
        StaticEntries e = StaticEntries.fromVmlinux(vmlinux);
        System.out.println("static entries: " + e);
        long entry = e.syscall64().orElseThrow();
        assertTrue(entry > 0xffffffff81000000L && entry < 0xffffffff83000000L, Long.toHexString(entry));
        assertTrue(e.syscallCompat().isPresent() && e.sysenterCompat().isPresent());
    }
}
