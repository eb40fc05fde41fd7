package org.vmpbd.daemon;

import org.vmpbd.trap.TrapSession;

/**
 * A trap session a {@link TrapAttacher} opened on a VM, and what must be undone when it ends (e.g. switching
 * QEMU's gdbstub off again).
 */
public record Attachment(TrapSession session, String driver, Undo undo) {
    /** Undoes what attaching set up in the hypervisor; best effort, the VM may be gone. */
    @FunctionalInterface
    public interface Undo {
        void run() throws Exception;
    }
}
