package org.vmpbd.trap.guest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What a trap driver needs to know about a guest kernel to name the process behind a system call,
 * from the kernel's own BTF: the per-cpu offset of the current task pointer and the offsets of
 * pid, tgid and comm in {@code struct task_struct}. At a system-call entry breakpoint {@code swapgs}
 * has not run yet, so the kernel's per-cpu base is in {@code k_gs_base}:
 * {@code current = *(k_gs_base + currentTask)}, {@code tgid = *(s32 *)(current + taskTgid)}.
 * A small value, computed once per kernel ({@link #fromVmlinux}) and cached as JSON.
 *
 * @param format      format version of this record ({@link #FORMAT})
 * @param btfSha256   digest of the kernel's {@code .BTF} section: identifies the kernel build
 * @param currentTask offset of the current task pointer in the per-cpu area ({@code current_task},
 *                    or {@code pcpu_hot.current_task} on 6.2+)
 * @param taskPid     byte offset of {@code pid} (s32) in {@code struct task_struct}
 * @param taskTgid    byte offset of {@code tgid} (s32)
 * @param taskComm    byte offset of {@code comm} (char[commLength])
 * @param commLength  TASK_COMM_LEN (16)
 */
public record GuestProfile(int format, String btfSha256, long currentTask, int taskPid, int taskTgid, int taskComm,
                           int commLength) {
    public static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    public GuestProfile {
        if (format != FORMAT) {
            throw new IllegalArgumentException("guest profile format " + format + ", this vmpbd reads " + FORMAT);
        }
        if (commLength <= 0 || commLength > 64 || taskPid < 0 || taskTgid < 0 || taskComm < 0 || currentTask < 0) {
            throw new IllegalArgumentException("implausible guest profile: comm " + commLength + ", pid " + taskPid
                + ", tgid " + taskTgid + ", comm at " + taskComm + ", current_task at " + currentTask);
        }
    }

    /** Derives the profile from an uncompressed kernel ELF with a {@code .BTF} section. */
    public static GuestProfile fromVmlinux(Path vmlinux) throws IOException {
        ElfSections elf = ElfSections.read(vmlinux);
        if (elf.find(".BTF").isEmpty()) {
            throw new IOException(vmlinux + ": no .BTF section (kernel built without CONFIG_DEBUG_INFO_BTF)");
        }
        ByteBuffer section = elf.bytes(".BTF");
        String digest = sha256(section.duplicate());
        try {
            return fromBtf(Btf.parse(section), digest);
        } catch (IOException | RuntimeException e) {
            throw new IOException(vmlinux + ": " + e.getMessage(), e);
        }
    }

    /** Derives the profile from parsed BTF. */
    public static GuestProfile fromBtf(Btf btf, String btfSha256) throws IOException {
        int task = btf.find(Btf.KIND_STRUCT, "task_struct")
            .orElseThrow(() -> new IOException("BTF has no struct task_struct"));
        Btf.Member pid = requireMember(btf, task, "pid");
        Btf.Member tgid = requireMember(btf, task, "tgid");
        Btf.Member comm = requireMember(btf, task, "comm");
        if (pid.bitOffset() % 8 != 0 || tgid.bitOffset() % 8 != 0 || comm.bitOffset() % 8 != 0
            || pid.bitfieldSize() != 0 || tgid.bitfieldSize() != 0) {
            throw new IOException("task_struct pid/tgid/comm are not byte-aligned plain members");
        }
        if (btf.sizeOf(pid.type()) != 4 || btf.sizeOf(tgid.type()) != 4) {
            throw new IOException("task_struct pid/tgid are not 32-bit");
        }
        int commType = btf.resolve(comm.type());
        if (btf.kind(commType) != Btf.KIND_ARRAY || btf.sizeOf(btf.arrayElement(commType)) != 1) {
            throw new IOException("task_struct comm is not a char array");
        }
        long current = currentTaskOffset(btf)
            .orElseThrow(() -> new IOException("BTF has no per-cpu current_task (nor pcpu_hot.current_task) in .data..percpu"));
        return new GuestProfile(FORMAT, btfSha256, current, (int) pid.byteOffset(), (int) tgid.byteOffset(),
            (int) comm.byteOffset(), (int) btf.arrayLength(commType));
    }

    private static Optional<Long> currentTaskOffset(Btf btf) {
        Optional<Btf.SectionVar> v = btf.sectionVar(".data..percpu", "current_task");
        if (v.isPresent()) {
            return Optional.of(v.get().offset());
        }
        Optional<Btf.SectionVar> hot = btf.sectionVar(".data..percpu", "pcpu_hot");
        if (hot.isPresent()) {
            int t = btf.resolve(hot.get().type());
            if (btf.kind(t) == Btf.KIND_STRUCT || btf.kind(t) == Btf.KIND_UNION) {
                return btf.member(t, "current_task").map(m -> hot.get().offset() + m.byteOffset());
            }
        }
        return Optional.empty();
    }

    private static Btf.Member requireMember(Btf btf, int struct, String name) throws IOException {
        return btf.member(struct, name).orElseThrow(() -> new IOException("struct task_struct has no member " + name));
    }

    public static GuestProfile read(Path json) throws IOException {
        try {
            return JSON.readValue(json.toFile(), GuestProfile.class);
        } catch (IOException e) {
            throw new IOException("guest profile " + json + ": " + e.getMessage(), e);
        }
    }

    /** Writes atomically (temp file, then move). */
    public void write(Path json) throws IOException {
        Path dir = json.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, json.getFileName().toString(), ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
        Files.move(tmp, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public String toJson() throws IOException {
        return JSON.writeValueAsString(this);
    }

    public static GuestProfile fromJson(String json) throws IOException {
        return JSON.readValue(json, GuestProfile.class);
    }

    private static String sha256(ByteBuffer b) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
