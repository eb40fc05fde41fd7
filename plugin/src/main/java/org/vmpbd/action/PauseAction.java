package org.vmpbd.action;

import org.vmpbd.libvirt.HypervisorException;
import org.vmpbd.libvirt.VmControl;
import org.vmpbd.policy.TenantPolicy;

/** Pauses the VM's vCPUs through libvirt; a VM already paused is left so (idempotent). */
public final class PauseAction implements VmAction {
    private final VmControl vms;

    public PauseAction(VmControl vms) {
        this.vms = vms;
    }

    @Override
    public TenantPolicy.Action kind() {
        return TenantPolicy.Action.PAUSE;
    }

    @Override
    public ActionOutcome apply(ActionRequest r) throws HypervisorException {
        return pause(vms, r.uuid());
    }

    static ActionOutcome pause(VmControl vms, String vm) throws HypervisorException {
        if (!vms.supports(VmControl.Operation.PAUSE)) {
            return ActionOutcome.notDone("pause is not supported by " + vms.uri());
        }
        if ("paused".equals(vms.info(vm).state())) {
            return ActionOutcome.done("already paused");
        }
        vms.pause(vm);
        return ActionOutcome.done("vCPUs paused through libvirt");
    }
}
