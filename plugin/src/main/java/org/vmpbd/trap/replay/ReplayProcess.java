package org.vmpbd.trap.replay;

/**
 * One recorded process as the replay plays it.
 *
 * @param pid        guest process id
 * @param comm       process name
 * @param generation process identity counter (the event log's {@code start})
 * @param calls      its system calls, in order, in the replay's ABI
 */
record ReplayProcess(int pid, String comm, long generation, int[] calls) {
}
