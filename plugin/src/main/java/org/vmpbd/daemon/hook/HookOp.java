package org.vmpbd.daemon.hook;

import java.util.Locale;
import java.util.Optional;

/** The libvirt qemu hook operations the hook forwards to the daemon; libvirt spells them in lower case. */
public enum HookOp {
    /** Before the domain's resources are set up; the only one that waits for (and may veto with) an answer. */
    PREPARE,
    /** QEMU is running. */
    STARTED,
    /** QEMU has exited (also after a vetoed {@code prepare}). */
    STOPPED,
    /** The domain's resources are released (also after a vetoed {@code prepare}). */
    RELEASE;

    /** The name on the wire and on libvirt's command line. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the hook waits for an answer to this operation. */
    public boolean expectsReply() {
        return this == PREPARE;
    }

    /** The operation spelled {@code wire}, if it is one of these. */
    public static Optional<HookOp> ofWire(String wire) {
        for (HookOp op : values()) {
            if (op.wireName().equals(wire)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
