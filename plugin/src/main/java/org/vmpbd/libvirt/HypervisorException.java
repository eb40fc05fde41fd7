package org.vmpbd.libvirt;

/** libvirt refused or failed; the message names the domain and libvirt's own words. */
public final class HypervisorException extends Exception {
    public HypervisorException(String message, Throwable cause) {
        super(message, cause);
    }

    public HypervisorException(String message) {
        super(message);
    }
}
