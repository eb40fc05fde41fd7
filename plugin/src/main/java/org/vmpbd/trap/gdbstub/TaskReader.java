package org.vmpbd.trap.gdbstub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vmpbd.trap.guest.GuestProfile;

/**
 * Reads pid, tgid and comm of the current guest task at a system-call entry stop, through the guest
 * profile: {@code current = *(k_gs_base + profile.currentTask)} (swapgs has not run yet, so the
 * kernel's per-cpu base is still in k_gs_base), then the task_struct fields. One {@code m} per stop
 * for the task pointer; the fields are cached per (CR3, task pointer), and the entry of a process
 * is dropped when it calls execve/execveat (new comm), exit_group (the pointer and CR3 may be
 * recycled) or prctl (PR_SET_NAME). Not thread-safe: the trap thread's.
 */
final class TaskReader {
    private static final int CACHE_LIMIT = 4096;

    private record Key(long cr3, long task) {
    }

    private final RspClient client;
    private final GuestProfile profile;
    private final Map<Key, TaskIdentity> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, TaskIdentity> eldest) {
            return size() > CACHE_LIMIT;
        }
    };
    private long reads;
    private long misses;
    private long failures;
    private String lastFailure;

    TaskReader(RspClient client, GuestProfile profile) {
        this.client = client;
        this.profile = profile;
    }

    /** The identity of the task running on the stopped vCPU; UNKNOWN if guest memory is not readable. */
    TaskIdentity read(long cr3, long kernelGsBase) throws IOException {
        long task;
        try {
            task = client.readLong(currentTaskAddress(kernelGsBase));
        } catch (MemoryReadException e) {
            reads++;
            return failed(e);
        }
        return identify(cr3, task);
    }

    /** Where the current task pointer is, given the kernel's per-cpu base (k_gs_base at the entry). */
    long currentTaskAddress(long kernelGsBase) {
        return kernelGsBase + profile.currentTask();
    }

    /** The identity of {@code task} (the current task pointer, already read), from the cache or the guest. */
    TaskIdentity identify(long cr3, long task) throws IOException {
        reads++;
        if (task == 0) {
            return TaskIdentity.UNKNOWN;
        }
        Key key = new Key(cr3, task);
        TaskIdentity id = cache.get(key);
        if (id != null) {
            return id;
        }
        misses++;
        try {
            id = readTask(task);
        } catch (MemoryReadException e) {
            return failed(e);
        }
        cache.put(key, id);
        return id;
    }

    /** Counts a failed read of the task pointer. */
    TaskIdentity failedPointer(MemoryReadException e) {
        reads++;
        return failed(e);
    }

    /** Forgets a cached task (its process called exec, exit_group or prctl). */
    void invalidate(long cr3, long task) {
        cache.remove(new Key(cr3, task));
    }

    long reads() {
        return reads;
    }

    long misses() {
        return misses;
    }

    long failures() {
        return failures;
    }

    String lastFailure() {
        return lastFailure;
    }

    private TaskIdentity readTask(long task) throws IOException {
        int pidOff = profile.taskPid();
        int tgidOff = profile.taskTgid();
        int commOff = profile.taskComm();
        int from = Math.min(pidOff, Math.min(tgidOff, commOff));
        int to = Math.max(Math.max(pidOff, tgidOff) + 4, commOff + profile.commLength());
        byte[] pidBytes;
        byte[] commBytes;
        int pidBase;
        if (to - from <= 1024) {
            byte[] span = client.readMemory(task + from, to - from);
            pidBytes = span;
            pidBase = -from;
            commBytes = new byte[profile.commLength()];
            System.arraycopy(span, commOff - from, commBytes, 0, commBytes.length);
        } else {
            int pf = Math.min(pidOff, tgidOff);
            pidBytes = client.readMemory(task + pf, Math.abs(tgidOff - pidOff) + 4);
            pidBase = -pf;
            commBytes = client.readMemory(task + commOff, profile.commLength());
        }
        int pid = (int) RspCodec.littleEndian(pidBytes, pidOff + pidBase, 4);
        int tgid = (int) RspCodec.littleEndian(pidBytes, tgidOff + pidBase, 4);
        int len = 0;
        while (len < commBytes.length && commBytes[len] != 0) {
            len++;
        }
        return new TaskIdentity(task, pid, tgid, new String(commBytes, 0, len, StandardCharsets.UTF_8));
    }

    private TaskIdentity failed(MemoryReadException e) {
        failures++;
        lastFailure = e.getMessage();
        return TaskIdentity.UNKNOWN;
    }
}
