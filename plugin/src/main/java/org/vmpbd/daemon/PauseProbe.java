package org.vmpbd.daemon;

/**
 * Tells a real pause from the trap's own stops. libvirt reports both as SUSPENDED/PAUSED (its state reason for a
 * gdbstub stop is "unknown"), so the daemon asks QEMU for its run state: {@code paused} is a pause someone asked
 * for; {@code paused (debug)} is the gdbstub holding the guest.
 */
public interface PauseProbe {
    enum Answer { PAUSED, NOT_PAUSED, UNKNOWN }

    Answer probe(VmIdentity vm);
}
