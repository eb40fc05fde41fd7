package org.vmpbd.trap.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.vmpbd.libvirt.Accelerator;

/** The project's tiny guest as a domain of the real libvirtd (qemu:///system), for end-to-end tests. */
public final class LibvirtGuests {
    public static final String URI = "qemu:///system";
    public static final Path HOOK = Path.of("/etc/libvirt/hooks/qemu.d/vmpbd");

    private LibvirtGuests() {
    }

    /** Skips (or, in CI, fails) unless root, the guest and libvirtd are there. */
    public static void need() throws InterruptedException {
        GuestVm.assumeAvailable();
        E2e.need("root".equals(System.getProperty("user.name")), "the libvirt end-to-end tests run as root");
        E2e.need(libvirtdAnswers(Duration.ofSeconds(E2e.required() ? 90 : 5)),
            "libvirtd (" + URI + ") does not answer: start it with scripts/libvirtd.sh start");
    }

    /** {@link #need()}, and vmpbd's hook installed. */
    public static void needWithHook() throws InterruptedException {
        need();
        E2e.need(Files.isExecutable(HOOK), "the vmpbd hook is not installed (libvirt-hooks/install.sh, then restart libvirtd)");
    }

    public static boolean libvirtdAnswers(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        do {
            try {
                Process p = new ProcessBuilder("virsh", "-c", URI, "version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return true;
                }
            } catch (IOException e) {
                return false;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
        return false;
    }

    /** A copy of the guest's kernel and initramfs that QEMU (user libvirt-qemu) can read. */
    public static Path guestCopy() throws IOException {
        Path dir = Files.createTempDirectory("vmpbd-daemon-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String f : new String[] {"vmlinux", "initramfs.cpio.gz"}) {
            Files.copy(GuestVm.guestDir().resolve(f), dir.resolve(f));
            Files.setPosixFilePermissions(dir.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }
        return dir;
    }

    /**
     * @param workload the guest's workload (wl=...)
     * @param extra    XML inside {@code <domain>} (metadata) and inside {@code <devices>} (interfaces)
     */
    public static String xml(String name, String uuid, Path dir, String workload, String metadata, String devices) {
        return "<domain type='" + Accelerator.probe().domainType() + "'>"
            + "<name>" + name + "</name><uuid>" + (uuid != null ? uuid : UUID.randomUUID()) + "</uuid>" + metadata
            + "<memory unit='MiB'>256</memory><vcpu>1</vcpu>"
            + "<os><type arch='x86_64'>hvm</type><kernel>" + dir.resolve("vmlinux") + "</kernel>"
            + "<initrd>" + dir.resolve("initramfs.cpio.gz") + "</initrd>"
            + "<cmdline>console=ttyS0 quiet nokaslr ksym=0 wl=" + workload + "</cmdline></os>"
            + "<devices><serial type='file'><source path='" + dir.resolve(name + ".console") + "'/><target port='0'/></serial>"
            + devices + "<memballoon model='none'/></devices></domain>";
    }
}
