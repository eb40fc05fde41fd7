package org.vmpbd.trust;

/** Receives trust state transitions (the daemon will put them in its outbox). Called on the evaluating thread. */
@FunctionalInterface
public interface TrustListener {
    void transition(TrustTransition transition);

    /** A listener that ignores everything. */
    static TrustListener none() {
        return t -> {
        };
    }
}
