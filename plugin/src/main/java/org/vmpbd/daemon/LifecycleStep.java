package org.vmpbd.daemon;

/** What the daemon does for a VM on a lifecycle event (see {@link LifecycleTable}). */
public enum LifecycleStep {
    /** Attach a trap session and enable monitoring (nothing if already monitored). */
    ATTACH,
    /** Detach and free; the processes still open get their verdicts. */
    DETACH,
    /** Detach and free without verdicts: the VM lives on elsewhere (migrated out). */
    DETACH_SILENT,
    /** The VM was paused — by someone, or by our own gdbstub trap: check which before acting. */
    CHECK_PAUSE,
    /** The VM runs again. */
    RESUME,
    /** Nothing to do. */
    IGNORE
}
