package org.vmpbd.libvirt;

/** QEMU's human monitor of a running domain, reached through libvirt's passthrough. */
public interface DomainMonitor {
    /**
     * Runs an HMP command on {@code domain} (name or UUID) and returns QEMU's reply.
     *
     * @throws HypervisorException if the domain is unknown, not running, or the driver has no
     *                             monitor passthrough (e.g. libvirt's test driver)
     */
    String hmp(String domain, String command) throws HypervisorException;
}
