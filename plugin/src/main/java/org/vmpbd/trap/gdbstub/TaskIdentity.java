package org.vmpbd.trap.gdbstub;

/**
 * The guest task behind a trapped call, read through the guest profile.
 *
 * @param task the task_struct pointer (current), 0 if unknown
 * @param pid  the task's pid (thread id), -1 if unknown
 * @param tgid the process id, -1 if unknown
 * @param comm the task's comm, "" if unknown
 */
public record TaskIdentity(long task, int pid, int tgid, String comm) {
    public static final TaskIdentity UNKNOWN = new TaskIdentity(0, -1, -1, "");

    public boolean known() {
        return tgid >= 0;
    }
}
