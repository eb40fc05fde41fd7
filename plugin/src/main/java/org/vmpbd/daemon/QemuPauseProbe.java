package org.vmpbd.daemon;

import org.vmpbd.libvirt.DomainMonitor;
import org.vmpbd.libvirt.HypervisorException;

/** {@link PauseProbe} by QEMU's {@code info status} through libvirt's monitor passthrough. */
public final class QemuPauseProbe implements PauseProbe {
    private final DomainMonitor monitor;

    public QemuPauseProbe(DomainMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public Answer probe(VmIdentity vm) {
        try {
            return answer(monitor.hmp(vm.uuid(), "info status"));
        } catch (HypervisorException e) {
            return Answer.UNKNOWN;   // no monitor passthrough (libvirt's test driver), or the VM is gone
        }
    }

    /** {@code VM status: paused} is a real pause; {@code paused (debug)} the gdbstub; anything else runs. */
    static Answer answer(String status) {
        String s = status.strip();
        if (!s.contains("paused")) {
            return Answer.NOT_PAUSED;
        }
        return s.contains("(debug)") ? Answer.NOT_PAUSED : Answer.PAUSED;
    }
}
