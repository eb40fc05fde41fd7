package org.vmpbd.libvirt;

import org.libvirt.LibvirtException;

/** HMP through {@code virDomainQemuMonitorCommand} (libvirt-qemu), as {@code virsh qemu-monitor-command --hmp}. */
public final class LibvirtDomainMonitor implements DomainMonitor {
    private static final int HMP = 1;
    private final LibvirtConnection connection;

    public LibvirtDomainMonitor(LibvirtConnection connection) {
        this.connection = connection;
    }

    @Override
    public String hmp(String domain, String command) throws HypervisorException {
        try {
            return connection.domain(domain).qemuMonitorCommand(command, HMP);
        } catch (LibvirtException e) {
            throw new HypervisorException("libvirt " + connection.uri() + ": monitor command '" + command + "' on "
                + domain + " failed: " + e.getMessage(), e);
        }
    }
}
