package org.vmpbd.action;

import org.vmpbd.libvirt.HypervisorException;
import org.vmpbd.libvirt.VmControl;
import org.vmpbd.policy.TenantPolicy;

/**
 * Takes a libvirt snapshot as evidence, named {@code vmpbd-<request seq>} so that a redelivered request finds it
 * taken. (libvirt snapshots need a snapshot-capable disk, e.g. qcow2; a disk-less VM is refused by libvirt.)
 */
public final class SnapshotAction implements VmAction {
    private final VmControl vms;

    public SnapshotAction(VmControl vms) {
        this.vms = vms;
    }

    @Override
    public TenantPolicy.Action kind() {
        return TenantPolicy.Action.SNAPSHOT;
    }

    @Override
    public ActionOutcome apply(ActionRequest r) throws HypervisorException {
        if (!vms.supports(VmControl.Operation.SNAPSHOT)) {
            return ActionOutcome.notDone("snapshot is not supported by " + vms.uri());
        }
        String name = "vmpbd-" + r.seq();
        if (vms.snapshots(r.uuid()).contains(name)) {
            return ActionOutcome.done("snapshot " + name + " already taken");
        }
        String taken = vms.snapshot(r.uuid(), name, "vmpbd evidence: " + r.level() + ": " + r.cause());
        return ActionOutcome.done("snapshot " + taken + " taken through libvirt");
    }
}
