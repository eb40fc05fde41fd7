package org.vmpbd.trap;

import java.util.HashMap;
import java.util.Map;

/**
 * Gives each guest process a generation number so that recycled pids (and CR3s) never merge two
 * processes into one trace. A pid starts a new generation when first seen, on the first call after
 * it called execve/execveat (a new program) or exit_group (the process ended; the pid may be reused),
 * and when its comm changes. Plain {@code exit} ends a thread, not the process, so it does not split.
 * Not thread-safe: one per session, used from the driver's trap thread.
 */
public final class ProcessIdentities {
    private final int execve;
    private final int execveat;
    private final int exitGroup;
    private final Map<Integer, Entry> byPid = new HashMap<>();
    private long next = 1;

    private static final class Entry {
        long generation;
        String comm;
        boolean ended;
    }

    private ProcessIdentities(int execve, int execveat, int exitGroup) {
        this.execve = execve;
        this.execveat = execveat;
        this.exitGroup = exitGroup;
    }

    /** For calls numbered as linux-x86_64 (execve 59, execveat 322, exit_group 231). */
    public static ProcessIdentities linuxX8664() {
        return new ProcessIdentities(59, 322, 231);
    }

    /** For calls numbered as linux-i386 (execve 11, execveat 358, exit_group 252). */
    public static ProcessIdentities linuxI386() {
        return new ProcessIdentities(11, 358, 252);
    }

    /**
     * The generation of this call's process.
     *
     * @param pid  the caller's tgid; for an unknown pid (-1) use a stable stand-in such as the CR3
     */
    public long generation(int pid, String comm, int nr) {
        Entry e = byPid.get(pid);
        if (e == null || e.ended || !e.comm.equals(comm)) {
            if (e == null) {
                e = new Entry();
                byPid.put(pid, e);
            }
            e.generation = next++;
            e.comm = comm;
            e.ended = false;
        }
        if (nr == execve || nr == execveat || nr == exitGroup) {
            e.ended = true;
        }
        return e.generation;
    }

    /** Distinct generations handed out so far. */
    public long count() {
        return next - 1;
    }

    /** Forgets every pid whose last call ended its process (bounded memory in long sessions). */
    public void forgetEnded() {
        byPid.values().removeIf(e -> e.ended);
    }
}
