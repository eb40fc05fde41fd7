package org.vmpbd.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Domain;
import org.vmpbd.libvirt.Accelerator;
import org.vmpbd.libvirt.LibvirtConnection;
import org.vmpbd.libvirt.LibvirtVmControl;
import org.vmpbd.trap.testing.E2e;
import org.vmpbd.trap.testing.GuestVm;

/** Quarantine on a real libvirtd and QEMU: the guest's NIC link goes down, then its vCPUs pause. Twice is harmless. */
class QuarantineE2eTest {
    @BeforeAll
    static void need() {
        GuestVm.assumeAvailable();
        E2e.need("root".equals(System.getProperty("user.name")), "the libvirt end-to-end tests run as root");
    }

    @Test
    void linkDownThenPause() throws Exception {
        Path dir = Files.createTempDirectory("vmpbd-quarantine-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(GuestVm.guestDir().resolve("vmlinux"), dir.resolve("vmlinux"));
        Files.copy(GuestVm.guestDir().resolve("initramfs.cpio.gz"), dir.resolve("initramfs.cpio.gz"));
        String name = "vmpbd-quarantine-" + Long.toHexString(System.nanoTime());
        String uuid = UUID.randomUUID().toString();
        String xml = "<domain type='" + Accelerator.probe().domainType() + "'><name>" + name + "</name><uuid>" + uuid
            + "</uuid><memory unit='MiB'>256</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type><kernel>"
            + dir.resolve("vmlinux") + "</kernel><initrd>" + dir.resolve("initramfs.cpio.gz") + "</initrd>"
            + "<cmdline>console=ttyS0 quiet nokaslr wl=forever</cmdline></os><devices>"
            + "<interface type='user'><mac address='52:54:00:00:0e:01'/><model type='e1000'/></interface>"
            + "<memballoon model='none'/></devices></domain>";
        try (LibvirtConnection conn = new LibvirtConnection("qemu:///system")) {
            E2e.need(canConnect(conn), "libvirtd (qemu:///system) does not answer");
            Domain d = conn.get().domainCreateXML(xml, 0);
            try {
                LibvirtVmControl vms = new LibvirtVmControl(conn);
                QuarantineAction q = new QuarantineAction(vms);
                ActionRequest r = new ActionRequest(7, name, uuid, org.vmpbd.policy.TenantPolicy.Action.QUARANTINE, "critical", "test");
                ActionOutcome o = q.apply(r);
                assertTrue(o.done(), o.detail());
                assertTrue(o.detail().contains("link down on 52:54:00:00:0e:01"), o.detail());
                assertTrue(d.getXMLDesc(0).contains("<link state='down'/>"), d.getXMLDesc(0));
                assertEquals("paused", vms.info(name).state());
                ActionOutcome again = q.apply(r);
                assertTrue(again.done() && again.detail().contains("already paused"), again.detail());
            } finally {
                d.destroy();
            }
        }
    }

    private static boolean canConnect(LibvirtConnection conn) {
        try {
            conn.get();
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
