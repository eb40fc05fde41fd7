package org.vmpbd.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.vmpbd.trap.SyscallEvent;
import org.vmpbd.trap.TrapSession;
import org.vmpbd.trap.TrapTarget;
import org.vmpbd.trap.gdbstub.GdbstubDriver;
import org.vmpbd.trap.testing.E2e;
import org.vmpbd.trap.testing.GuestVm;

/**
 * The stock driver on a domain of a real libvirtd: the gdbstub is switched on in the running
 * domain through libvirt's monitor passthrough (a 0700 Unix socket), system calls with their
 * processes arrive, and after detach the domain is still running and its workload goes on.
 */
class LibvirtGdbstubTest {
    private static final String URI = "qemu:///system";

    @BeforeAll
    static void needLibvirtdQemuAndGuest() throws Exception {
        GuestVm.assumeAvailable();
        E2e.need("root".equals(System.getProperty("user.name")), "the libvirt end-to-end test runs as root");
        E2e.need(libvirtdAnswers(Duration.ofSeconds(E2e.required() ? 90 : 5)),
            "libvirtd (" + URI + ") does not answer: start it with scripts/libvirtd.sh start");
    }

    private static boolean libvirtdAnswers(Duration within) throws InterruptedException {
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

    private static Path guestCopy() throws IOException {
        Path dir = Files.createTempDirectory("vmpbd-libvirt-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String f : new String[] {"vmlinux", "initramfs.cpio.gz"}) {
            Files.copy(GuestVm.guestDir().resolve(f), dir.resolve(f));
            Files.setPosixFilePermissions(dir.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }
        return dir;
    }

    private static String domainXml(String name, Path dir) {
        return "<domain type='" + Accelerator.probe().domainType() + "'>"
            + "<name>" + name + "</name><uuid>" + UUID.randomUUID() + "</uuid>"
            + "<memory unit='MiB'>256</memory><vcpu>1</vcpu>"
            + "<os><type arch='x86_64'>hvm</type><kernel>" + dir.resolve("vmlinux") + "</kernel>"
            + "<initrd>" + dir.resolve("initramfs.cpio.gz") + "</initrd>"
            + "<cmdline>console=ttyS0 quiet nokaslr wl=forever</cmdline></os>"
            + "<devices><serial type='file'><source path='" + dir.resolve("console.log") + "'/><target port='0'/></serial>"
            + "<memballoon model='none'/></devices></domain>";
    }

    private static long heartbeats(Path console) throws IOException {
        if (!Files.exists(console)) {
            return 0;
        }
        return Files.readAllLines(console).stream().filter(l -> l.contains("VMPBD_HEARTBEAT")).count();
    }

    private static void awaitHeartbeatsAbove(Path console, long count, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (heartbeats(console) <= count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no heartbeat beyond " + count + " within " + within + "; console:\n"
                    + (Files.exists(console) ? Files.readString(console) : "(none)"));
            }
            Thread.sleep(250);
        }
    }

    @Test
    void gdbstubThroughMonitorPassthroughTrapsAndLeavesTheDomainRunning() throws Exception {
        Path dir = guestCopy();
        Path console = dir.resolve("console.log");
        String name = "vmpbd-e2e-" + Long.toHexString(System.nanoTime());
        try (LibvirtConnection conn = new LibvirtConnection(URI)) {
            Domain dom = conn.get().domainCreateXML(domainXml(name, dir), 0);
            try {
                awaitHeartbeatsAbove(console, 0, Duration.ofSeconds(90));
                GdbserverControl control = new GdbserverControl(new LibvirtDomainMonitor(conn),
                    Path.of("/run/vmpbd/gdb-test"), "libvirt-qemu");
                Path socket = control.enable(name);
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
                List<SyscallEvent> events = new ArrayList<>();
                try (TrapSession s = new GdbstubDriver().open(new TrapTarget(name,
                    Map.of("endpoint", "unix:" + socket, "vmlinux", GuestVm.guestDir().resolve("vmlinux").toString())))) {
                    s.enable();
                    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                    while (events.stream().noneMatch(e -> e.comm().equals("marker") && e.nr() == 231)) {
                        assertTrue(System.nanoTime() < deadline, "no marker exit within 90 s: " + events.size()
                            + " events, state " + s.state() + " " + s.deathReason());
                        events.addAll(s.poll(10_000, Duration.ofMillis(200)));
                    }
                }
                control.disable(name);
                List<Integer> marker = events.stream().filter(e -> e.comm().equals("marker")).map(SyscallEvent::nr).toList();
                assertTrue(marker.size() >= 5 && marker.subList(marker.size() - 5, marker.size())
                    .equals(List.of(110, 102, 104, 110, 231)), "marker.c's calls, attributed to marker: " + marker);
                assertTrue(events.stream().allMatch(e -> e.vm().equals(name)));
                assertEquals(DomainInfo.DomainState.VIR_DOMAIN_RUNNING, dom.getInfo().state, "domain left running");
                awaitHeartbeatsAbove(console, heartbeats(console), Duration.ofSeconds(30));
            } finally {
                dom.destroy();
            }
        }
    }
}
