package org.vmpbd.daemon;

import org.vmpbd.policy.TenantPolicy;

/**
 * Opens a trap session on a running VM with one trap driver, setting up what the driver needs in the
 * hypervisor. One per driver name, bound in Guice (a map from driver name to attacher); a policy naming a
 * driver with no attacher on this host leaves the VM unmonitored (per the policy's fail mode).
 */
public interface TrapAttacher {
    /** The driver name policies use ({@code gdbstub}, {@code kvm}, ...). */
    String driver();

    /**
     * Opens (not yet enabled) a session on {@code vm}.
     *
     * @throws AttachException when it cannot; {@link AttachException#retryable()} if trying again later may work
     *                         (the guest's kernel is still booting)
     */
    Attachment attach(VmIdentity vm, TenantPolicy policy) throws AttachException;
}
