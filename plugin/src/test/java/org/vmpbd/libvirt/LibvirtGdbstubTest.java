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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.vmpbd.trap.SyscallEvent;
import org.vmpbd.trap.TrapSession;
import org.vmpbd.trap.TrapTarget;
import org.vmpbd.trap.gdbstub.GdbstubDriver;
import org.vmpbd.trap.testing.GuestVm;
import org.vmpbd.trap.testing.LibvirtGuests;

/**
 * The stock driver on a domain of a real libvirtd: the gdbstub is switched on in the running
 * domain through libvirt's monitor passthrough (a 0700 Unix socket), system calls with their
 * processes arrive, and after detach the domain is still running and its workload goes on.
 */
class LibvirtGdbstubTest {
    private static final String URI = LibvirtGuests.URI;

    @BeforeAll
    static void needLibvirtdQemuAndGuest() throws Exception {
        LibvirtGuests.need();
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
        Path dir = LibvirtGuests.guestCopy();
        String name = "vmpbd-e2e-" + Long.toHexString(System.nanoTime());
        Path console = dir.resolve(name + ".console");
        try (LibvirtConnection conn = new LibvirtConnection(URI)) {
            Domain dom = conn.get().domainCreateXML(LibvirtGuests.xml(name, null, dir, "forever", "", ""), 0);
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
