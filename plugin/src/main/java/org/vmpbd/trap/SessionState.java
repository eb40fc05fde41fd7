package org.vmpbd.trap;

import java.util.concurrent.atomic.AtomicReference;

/** The state of a session and, once dead, why; safe to read from any thread. */
public final class SessionState {
    private final AtomicReference<TrapSession.State> state = new AtomicReference<>(TrapSession.State.OPEN);
    private volatile String deathReason;

    public TrapSession.State get() {
        return state.get();
    }

    /** Moves to {@code next} unless the session is already dead or closed. */
    public boolean moveTo(TrapSession.State next) {
        TrapSession.State now = state.get();
        while (now != TrapSession.State.DEAD && now != TrapSession.State.CLOSED) {
            if (state.compareAndSet(now, next)) {
                return true;
            }
            now = state.get();
        }
        return false;
    }

    /** Marks the session dead with a reason; the first reason wins. A closed session stays closed. */
    public void die(String reason) {
        if (moveTo(TrapSession.State.DEAD)) {
            deathReason = reason;
        }
    }

    public void close() {
        state.set(TrapSession.State.CLOSED);
    }

    public String deathReason() {
        return deathReason;
    }
}
