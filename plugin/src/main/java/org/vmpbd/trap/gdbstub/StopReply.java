package org.vmpbd.trap.gdbstub;

/**
 * A stop reply: {@code T05thread:p01.02;} (stopped, signal 5, process 1, thread 2 = vCPU index 1),
 * {@code S02}, or {@code W00}/{@code X09} (the target ended).
 *
 * @param kind   'T', 'S', 'W' or 'X'
 * @param signal the signal (5 = SIGTRAP: breakpoint; 2 = SIGINT: interrupted or paused) or exit code
 * @param vcpu   0-based vCPU from the thread id, or -1 if the reply names none
 * @param raw    the reply as received
 */
public record StopReply(char kind, int signal, int vcpu, String raw) {
    public static final int SIGINT = 2;
    public static final int SIGTRAP = 5;

    /** Parses a stop reply, or returns null if {@code reply} is not one. */
    public static StopReply parse(String reply) {
        if (reply == null || reply.length() < 3) {
            return null;
        }
        char kind = reply.charAt(0);
        if (kind != 'T' && kind != 'S' && kind != 'W' && kind != 'X') {
            return null;
        }
        int sig;
        try {
            sig = Integer.parseInt(reply.substring(1, 3), 16);
        } catch (NumberFormatException e) {
            return null;
        }
        int vcpu = -1;
        int t = reply.indexOf("thread:");
        if (t >= 0) {
            int end = reply.indexOf(';', t);
            String id = reply.substring(t + 7, end < 0 ? reply.length() : end);
            int dot = id.indexOf('.');
            String tid = dot >= 0 ? id.substring(dot + 1) : id.startsWith("p") ? "" : id;
            try {
                if (!tid.isEmpty()) {
                    vcpu = (int) Long.parseLong(tid, 16) - 1;
                }
            } catch (NumberFormatException ignored) {
                vcpu = -1;
            }
        }
        return new StopReply(kind, sig, vcpu, reply);
    }

    /** W or X: the target process ended (QEMU is quitting). */
    public boolean exited() {
        return kind == 'W' || kind == 'X';
    }
}
