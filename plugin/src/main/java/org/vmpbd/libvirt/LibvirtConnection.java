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

    /**
     * Looks a domain up by UUID, then by name. A connection that turns out broken (libvirtd restarted: a client
     * without keep-alive learns it only when a call fails) is reopened and the lookup tried once more.
     */
    public Domain domain(String nameOrUuid) throws HypervisorException {
        try {
            return lookup(get(), nameOrUuid);
        } catch (LibvirtException e) {
            if (!broken(e)) {
                throw new HypervisorException("libvirt " + uri + ": no domain '" + nameOrUuid + "': " + e.getMessage(), e);
            }
            reset();
            try {
                return lookup(get(), nameOrUuid);
            } catch (LibvirtException again) {
                throw new HypervisorException("libvirt " + uri + ": no domain '" + nameOrUuid + "': " + again.getMessage(), again);
            }
        }
    }

    private static Domain lookup(Connect c, String nameOrUuid) throws LibvirtException {
        if (nameOrUuid.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            return c.domainLookupByUUIDString(nameOrUuid);
        }
        return c.domainLookupByName(nameOrUuid);
    }

    /** Whether {@code e} says the connection itself is gone (rather than the domain). */
    static boolean broken(LibvirtException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("Broken pipe") || m.contains("End of file") || m.contains("socket is closed")
            || m.contains("Cannot write data") || m.contains("Cannot recv data") || m.contains("not connected");
    }

    /** Drops the connection; the next {@link #get()} opens a new one. */
    public synchronized void reset() {
        close();
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
