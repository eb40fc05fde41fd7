package org.vmpbd.action;

import org.vmpbd.libvirt.HypervisorException;
import org.vmpbd.policy.TenantPolicy;

/**
 * One action of the policy ladder, carried out on a VM. Implementations are idempotent for one request (a
 * request redelivered after a crash must not act twice in a way that matters). Bound in Guice as a set.
 */
public interface VmAction {
    TenantPolicy.Action kind();

    /** @throws HypervisorException when the hypervisor failed (retried by the outbox dispatcher) */
    ActionOutcome apply(ActionRequest request) throws HypervisorException;
}
