package org.vmpbd.libvirt;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * One read-write libvirt connection, opened on first use and reopened when it died. Thread-safe.
 */
public final class LibvirtConnection implements AutoCloseable {
    private final String uri;
    private Connect connect;

    public LibvirtConnection(String uri) {
        this.uri = uri;
    }

    public String uri() {
        return uri;
    }

    /** The open connection, reopening it if libvirt closed it. */
    public synchronized Connect get() throws HypervisorException {
        try {
            if (connect == null || !connect.isAlive()) {
                connect = new Connect(uri, false);
            }
            return connect;
        } catch (LibvirtException e) {
            connect = null;
            throw new HypervisorException("libvirt " + uri + ": cannot connect: " + e.getMessage(), e);
        }
    }

    /** Looks a domain up by UUID, then by name. */
    public Domain domain(String nameOrUuid) throws HypervisorException {
        Connect c = get();
        try {
            if (nameOrUuid.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
                return c.domainLookupByUUIDString(nameOrUuid);
            }
            return c.domainLookupByName(nameOrUuid);
        } catch (LibvirtException e) {
            throw new HypervisorException("libvirt " + uri + ": no domain '" + nameOrUuid + "': " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (connect != null) {
            try {
                connect.close();
            } catch (LibvirtException ignored) {
                // closing a dead connection: nothing left to release
            }
            connect = null;
        }
    }
}
