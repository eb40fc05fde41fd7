package org.vmpbd.daemon.hook;

import java.util.Objects;

/** The daemon's answer to {@code prepare}: let the domain start, or refuse it with a reason libvirt shows. */
public sealed interface HookDecision permits HookDecision.Allow, HookDecision.Deny {

    /** Let the domain start. */
    static HookDecision allow() {
        return new Allow();
    }

    /** Refuse the start; the reason is shown by libvirt (control characters become spaces, cut at 400 bytes). */
    static HookDecision deny(String reason) {
        return new Deny(reason);
    }

    /** Whether the domain may start. */
    boolean allowed();

    /** The start may go on. */
    record Allow() implements HookDecision {
        @Override
        public boolean allowed() {
            return true;
        }
    }

    /** The start is refused. */
    record Deny(String reason) implements HookDecision {
        public Deny {
            Objects.requireNonNull(reason, "reason");
            if (reason.isBlank()) {
                throw new IllegalArgumentException("a refused start needs a reason");
            }
        }

        @Override
        public boolean allowed() {
            return false;
        }
    }
}
