package org.vmpbd.action;

import java.util.List;
import org.vmpbd.libvirt.HypervisorException;
import org.vmpbd.libvirt.VmControl;
import org.vmpbd.policy.TenantPolicy;

/**
 * Cuts the VM off the network, then pauses it: every interface's link goes down (or, where link state cannot
 * be set, the interfaces are detached). Both steps are idempotent.
 */
public final class QuarantineAction implements VmAction {
    private final VmControl vms;

    public QuarantineAction(VmControl vms) {
        this.vms = vms;
    }

    @Override
    public TenantPolicy.Action kind() {
        return TenantPolicy.Action.QUARANTINE;
    }

    @Override
    public ActionOutcome apply(ActionRequest r) throws HypervisorException {
        String net;
        if (vms.supports(VmControl.Operation.LINK_DOWN)) {
            List<String> macs = vms.linkDown(r.uuid());
            net = macs.isEmpty() ? "no network interface" : "link down on " + String.join(", ", macs);
        } else if (vms.supports(VmControl.Operation.DETACH_INTERFACE)) {
            List<String> macs = vms.detachInterfaces(r.uuid());
            net = macs.isEmpty() ? "no network interface" : "detached " + String.join(", ", macs);
        } else {
            return ActionOutcome.notDone("quarantine needs link-down or interface detach, which " + vms.uri()
                + " does not offer");
        }
        ActionOutcome paused = PauseAction.pause(vms, r.uuid());
        return new ActionOutcome(paused.done(), net + "; " + paused.detail());
    }
}
