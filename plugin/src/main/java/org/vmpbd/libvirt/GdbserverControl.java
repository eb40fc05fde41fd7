package org.vmpbd.libvirt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;

/**
 * Turns QEMU's gdbstub on and off in a running domain through the monitor passthrough
 * ({@code gdbserver unix:...,server=on,wait=off} / {@code gdbserver none}). The socket lives in a
 * directory of mode 0700 owned by the user QEMU runs as (Debian: {@code libvirt-qemu}), so only
 * that user and root can connect. QEMU allows one gdbstub per VM: a domain started with
 * {@code -gdb} on its command line refuses a second one.
 */
public final class GdbserverControl {
    private final DomainMonitor monitor;
    private final Path socketDir;
    private final String qemuUser;

    public GdbserverControl(DomainMonitor monitor, Path socketDir, String qemuUser) {
        this.monitor = monitor;
        this.socketDir = socketDir;
        this.qemuUser = qemuUser;
    }

    /** Enables the gdbstub on {@code domain}; returns the socket path a trap driver connects to. */
    public Path enable(String domain) throws HypervisorException {
        Path socket = socketDir.resolve(safe(domain) + ".gdb");
        try {
            prepareDirectory();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            throw new HypervisorException("cannot prepare gdbstub socket directory " + socketDir + ": " + e.getMessage(), e);
        }
        String command = "gdbserver unix:" + socket + ",server=on,wait=off";
        String reply = monitor.hmp(domain, command);
        if (reply.contains("Could not open gdbserver")) {
            // a gdbstub left by an earlier daemon (killed before it could switch it off): replace it; a VM its
            // session left stopped at a breakpoint is recognised and resumed by the driver on attach
            monitor.hmp(domain, "gdbserver none");
            reply = monitor.hmp(domain, command);
        }
        if (!reply.contains("Waiting for gdb connection")) {
            throw new HypervisorException("domain " + domain + ": QEMU refused the gdbstub: " + reply.strip());
        }
        return socket;
    }

    /** Turns the gdbstub off (a connected client should have detached first). */
    public void disable(String domain) throws HypervisorException {
        monitor.hmp(domain, "gdbserver none");
    }

    private void prepareDirectory() throws IOException {
        Files.createDirectories(socketDir);
        Files.setPosixFilePermissions(socketDir, PosixFilePermissions.fromString("rwx------"));
        UserPrincipalLookupService users = socketDir.getFileSystem().getUserPrincipalLookupService();
        try {
            Files.setOwner(socketDir, users.lookupPrincipalByName(qemuUser));
        } catch (UserPrincipalNotFoundException e) {
            // no such user (e.g. a session libvirt running QEMU as ourselves): keep our ownership
        }
    }

    private static String safe(String domain) {
        return domain.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
