package org.vmpbd.daemon;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.vmpbd.libvirt.GdbserverControl;
import org.vmpbd.libvirt.HypervisorException;
import org.vmpbd.policy.TenantPolicy;
import org.vmpbd.trap.TrapDriver;
import org.vmpbd.trap.TrapException;
import org.vmpbd.trap.TrapSession;
import org.vmpbd.trap.TrapTarget;

/**
 * The stock gdbstub driver on a libvirt domain: QEMU's gdbstub is switched on through the monitor passthrough
 * on a 0700 Unix socket ({@link GdbserverControl}), the driver connects to it, and detaching switches it off.
 * The guest kernel's structures come from the image's vmlinux ({@link GuestKernels}). A guest whose kernel has
 * not set up its entry points yet (still booting) gives a retryable failure.
 */
public final class GdbstubAttacher implements TrapAttacher {
    private final GdbserverControl control;
    private final TrapDriver driver;
    private final GuestKernels kernels;

    public GdbstubAttacher(GdbserverControl control, TrapDriver gdbstubDriver, GuestKernels kernels) {
        this.control = control;
        this.driver = gdbstubDriver;
        this.kernels = kernels;
    }

    @Override
    public String driver() {
        return "gdbstub";
    }

    @Override
    public Attachment attach(VmIdentity vm, TenantPolicy policy) throws AttachException {
        Path socket;
        try {
            socket = control.enable(vm.name());
        } catch (HypervisorException e) {
            throw new AttachException(e.getMessage(), false, e);
        }
        Map<String, String> settings = new HashMap<>();
        settings.put("endpoint", "unix:" + socket);
        kernels.vmlinux(vm.modelImage()).ifPresent(p -> settings.put("vmlinux", p.toString()));
        try {
            TrapSession s = driver.open(new TrapTarget(vm.name(), settings));
            return new Attachment(s, driver(), () -> control.disable(vm.name()));
        } catch (TrapException e) {
            try {
                control.disable(vm.name());
            } catch (HypervisorException ignored) {
                // the domain went away meanwhile
            }
            // the entry points are found from the guest's IDT: absent while its kernel boots
            throw new AttachException(e.getMessage(), true, e);
        }
    }
}
