package org.vmpbd.trap.gdbstub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vmpbd.trap.guest.GuestProfile;

/**
 * Reads pid, tgid and comm of the current guest task at a system-call entry stop, through the guest
 * profile: {@code current = *(k_gs_base + profile.currentTask)} (swapgs has not run yet, so the
 * kernel's per-cpu base is still in k_gs_base), then the task_struct fields.
 *
 * <p>Round trips. A vCPU's kernel per-cpu base never changes, so from its second stop on the task
 * pointer is read in the same round trip as the registers ({@link #prefetch}), together with the
 * pid and tgid of the task that was current at that vCPU's previous stop: when the same task calls
 * again (the common case) nothing more is read. pid and tgid are read at every stop, never cached,
 * because a task_struct and a page-table root freed by a process killed by a signal (no exit_group
 * to see) are often both reused by the next fork; comm is cached per (CR3, task pointer, pid) and
 * dropped when the process calls execve/execveat or prctl (PR_SET_NAME). Not thread-safe: the trap
 * thread's.
 */
final class TaskReader {
    private static final int CACHE_LIMIT = 4096;

    private record Key(long cr3, long task, int pid) {
    }

    /** Per vCPU: its kernel per-cpu base and the task current at its last stop. */
    private static final class Vcpu {
        long base;
        long lastTask;
    }

    /** What a stop's first round trip brought: the registers and, when known in advance, task pointer and ids. */
    record Prefetch(byte[] registers, long base, Long taskPointer, long speculatedTask, byte[] ids) {
    }

    private final RspClient client;
    private final GuestProfile profile;
    private final int idsFrom;
    private final int idsLength;
    private final Map<Integer, Vcpu> vcpus = new HashMap<>();
    private final Map<Key, String> comms = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, String> eldest) {
            return size() > CACHE_LIMIT;
        }
    };
    private long reads;
    private long extraIdReads;
    private long commReads;
    private long failures;
    private String lastFailure;

    TaskReader(RspClient client, GuestProfile profile) {
        this.client = client;
        this.profile = profile;
        this.idsFrom = Math.min(profile.taskPid(), profile.taskTgid());
        this.idsLength = Math.abs(profile.taskPid() - profile.taskTgid()) + 4;
    }

    /**
     * The registers of the stopped vCPU, with the task pointer and the previous task's ids in the
     * same round trip when the vCPU's per-cpu base is known and {@code memory} is allowed.
     */
    Prefetch prefetch(int vcpu, boolean memory) throws IOException {
        Vcpu v = vcpus.get(vcpu);
        if (v == null || !memory) {
            return new Prefetch(client.readAllRegisters(), 0, null, 0, null);
        }
        long[] addrs = v.lastTask != 0
            ? new long[] {v.base + profile.currentTask(), v.lastTask + idsFrom}
            : new long[] {v.base + profile.currentTask()};
        int[] lens = v.lastTask != 0 ? new int[] {8, idsLength} : new int[] {8};
        byte[][] r = client.readRegistersAndMemory(addrs, lens);
        Long task = r[1] == null ? null : RspCodec.littleEndian(r[1], 0, 8);
        return new Prefetch(r[0], v.base, task, v.lastTask, r.length > 2 ? r[2] : null);
    }

    /**
     * The identity of the task running on the stopped vCPU; UNKNOWN when guest memory is not
     * readable (counted in {@link #failures()}).
     */
    TaskIdentity identify(int vcpu, long cr3, long kernelGsBase, Prefetch p) throws IOException {
        reads++;
        try {
            long task = p.taskPointer() != null && p.base() == kernelGsBase
                ? p.taskPointer()
                : client.readLong(kernelGsBase + profile.currentTask());
            Vcpu v = vcpus.computeIfAbsent(vcpu, k -> new Vcpu());
            v.base = kernelGsBase;
            v.lastTask = task;
            if (task == 0) {
                return TaskIdentity.UNKNOWN;
            }
            byte[] ids;
            if (p.ids() != null && p.speculatedTask() == task && p.base() == kernelGsBase) {
                ids = p.ids();
            } else {
                extraIdReads++;
                ids = client.readMemory(task + idsFrom, idsLength);
            }
            int pid = (int) RspCodec.littleEndian(ids, profile.taskPid() - idsFrom, 4);
            int tgid = (int) RspCodec.littleEndian(ids, profile.taskTgid() - idsFrom, 4);
            Key key = new Key(cr3, task, pid);
            String comm = comms.get(key);
            if (comm == null) {
                commReads++;
                comm = comm(client.readMemory(task + profile.taskComm(), profile.commLength()));
                comms.put(key, comm);
            }
            return new TaskIdentity(task, pid, tgid, comm);
        } catch (MemoryReadException e) {
            failures++;
            lastFailure = e.getMessage();
            Vcpu v = vcpus.get(vcpu);
            if (v != null) {
                v.lastTask = 0;
            }
            return TaskIdentity.UNKNOWN;
        }
    }

    /** Forgets a task's comm (its process called exec or prctl). */
    void invalidate(long cr3, TaskIdentity task) {
        comms.remove(new Key(cr3, task.task(), task.pid()));
    }

    long reads() {
        return reads;
    }

    /** Stops that needed a round trip of their own for pid/tgid (the task changed on that vCPU). */
    long extraIdReads() {
        return extraIdReads;
    }

    long commReads() {
        return commReads;
    }

    long failures() {
        return failures;
    }

    String lastFailure() {
        return lastFailure;
    }

    private static String comm(byte[] b) {
        int len = 0;
        while (len < b.length && b[len] != 0) {
            len++;
        }
        return new String(b, 0, len, StandardCharsets.UTF_8);
    }
}
