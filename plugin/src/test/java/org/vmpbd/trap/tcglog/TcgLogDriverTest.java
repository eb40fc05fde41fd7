package org.vmpbd.trap.tcglog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vmpbd.trap.SyscallEvent;
import org.vmpbd.trap.TrapSession;
import org.vmpbd.trap.TrapTarget;
import org.vmpbd.trap.testing.GuestVm;

/** The TCG log driver against a real QEMU started with -dfilter. */
class TcgLogDriverTest {
    private static final int N = 8;
    private static final List<Integer> MARKER_TAIL = List.of(110, 102, 104, 110, 231);
    private static final TcgLogDriver DRIVER = new TcgLogDriver();

    @BeforeAll
    static void needQemuAndGuest() {
        GuestVm.assumeAvailable();
    }

    static Path vmlinux() {
        return GuestVm.guestDir().resolve("vmlinux");
    }

    static TrapTarget target(Path monitor, Map<String, String> extra) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("monitor", "unix:" + monitor);
        s.put("vmlinux", vmlinux().toString());
        s.putAll(extra);
        return new TrapTarget("tcgvm", s);
    }

    static List<SyscallEvent> drain(TrapSession s) throws InterruptedException {
        List<SyscallEvent> all = new ArrayList<>();
        while (true) {
            List<SyscallEvent> got = s.poll(100_000, Duration.ofMillis(300));
            if (got.isEmpty()) {
                return all;
            }
            all.addAll(got);
        }
    }

    @Test
    void forkExecLoopGivesOneTracePerProcess() throws Exception {
        try (GuestVm vm = GuestVm.start("forkexec", N, false, "-dfilter", TcgLogDriver.dfilter(vmlinux()))) {
            vm.await("VMPBD_READY forkexec", Duration.ofSeconds(30));
            TrapSession s = DRIVER.open(target(vm.monitorSocket(), Map.of()));
            try {
                s.enable();
                vm.send("go");
                vm.await("spawn done " + N, Duration.ofSeconds(60));
                Thread.sleep(300);
                s.disable();
                List<SyscallEvent> events = drain(s);
                Map<Long, List<SyscallEvent>> procs = new LinkedHashMap<>();
                for (SyscallEvent e : events) {
                    procs.computeIfAbsent(e.generation(), k -> new ArrayList<>()).add(e);
                }
                List<List<Integer>> markers = procs.values().stream()
                    .map(l -> l.stream().map(SyscallEvent::nr).collect(Collectors.toList()))
                    .filter(n -> n.size() >= 5 && n.subList(n.size() - 5, n.size()).equals(MARKER_TAIL))
                    .collect(Collectors.toList());
                System.out.println("tcglog: " + events.size() + " events, " + procs.size() + " processes, stats " + s.stats()
                    + ", double-logged records dropped " + ((TcgLogSession) s).duplicates());
                assertEquals(N, markers.size(), "one trace per marker process: " + markers);
                // one execve per child, plus the shell's own (spawn; then sync and poweroff once the guest runs on)
                assertTrue(events.stream().filter(e -> e.nr() == 59).count() >= N + 1, "execve per child");
                for (List<SyscallEvent> l : procs.values()) {
                    assertEquals(1, l.stream().map(SyscallEvent::cr3).distinct().count(), "one CR3 per identity");
                }
                assertTrue(events.stream().allMatch(e -> e.pid() == -1 && e.comm().isEmpty()));
                assertEquals(0, s.stats().dropped());
            } finally {
                s.close();
            }
        }
    }

    @Test
    void killedQemuIsReportedDeadWithinFiveSeconds() throws Exception {
        try (GuestVm vm = GuestVm.start("forever", 0, false, "-dfilter", TcgLogDriver.dfilter(vmlinux()))) {
            vm.await("VMPBD_HEARTBEAT 1", Duration.ofSeconds(30));
            TrapSession s = DRIVER.open(target(vm.monitorSocket(), Map.of()));
            try {
                s.enable();
                long t0 = System.nanoTime();
                while (s.poll(10, Duration.ofMillis(200)).isEmpty()) {
                    assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "no events");
                }
                vm.kill();
                t0 = System.nanoTime();
                while (s.state() != TrapSession.State.DEAD) {
                    assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "not DEAD within 5 s: " + s.state());
                    Thread.sleep(20);
                }
                System.out.println("tcglog: QEMU killed: DEAD after " + (System.nanoTime() - t0) / 1_000_000 + " ms: "
                    + s.deathReason());
            } finally {
                s.close();
            }
        }
    }

    @Test
    void withoutDfilterTheLogIsTurnedOffAndTheSessionDies() throws Exception {
        try (GuestVm vm = GuestVm.start("forever", 0, false)) {
            vm.await("VMPBD_HEARTBEAT 1", Duration.ofSeconds(30));
            TrapSession s = DRIVER.open(target(vm.monitorSocket(), Map.of()));
            try {
                s.enable();
                long t0 = System.nanoTime();
                while (s.state() != TrapSession.State.DEAD) {
                    assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "not DEAD: " + s.state());
                    Thread.sleep(20);
                }
                assertTrue(s.deathReason().contains("-dfilter"), s.deathReason());
                long before = vm.count("VMPBD_HEARTBEAT");
                vm.await(l -> l.contains("VMPBD_HEARTBEAT") && vm.count("VMPBD_HEARTBEAT") > before + 1,
                    "heartbeats go on", Duration.ofSeconds(10));
            } finally {
                s.close();
            }
        }
    }
}
