package org.vmpbd.daemon.hook;

/** What the daemon does with hook calls; called on the {@link HookServer}'s connection threads. */
public interface HookHandler {
    /**
     * The boot-integrity verdict for a domain about to start. The hook waits for it at most its timeout
     * (10 s by default) and then applies the fail mode. An exception means the daemon failed, not the VM:
     * no answer is sent and the hook applies the fail mode.
     */
    HookDecision prepare(HookCall call);

    /** {@code started}, {@code stopped}, {@code release}: must return at once (the daemon only enqueues). */
    void notify(HookCall call);
}
