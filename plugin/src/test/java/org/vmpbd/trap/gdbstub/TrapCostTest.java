package org.vmpbd.trap.gdbstub;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vmpbd.trap.TrapStats;
import org.vmpbd.trap.testing.GuestVm;

/**
 * Cost per trapped system call (run by scripts/trap-cost.sh; skipped unless -Dvmpbd.trapcost=true).
 * The guest's bench workload runs {@code sysloop 200000} (getppid) untrapped, waits at VMPBD_READY,
 * then runs {@code sysloop N} while the driver traps every call; sysloop prints ns per call.
 */
class TrapCostTest {
    private static final int N = Integer.getInteger("vmpbd.trapcost.n", 2000);

    @BeforeAll
    static void enabled() {
        Assumptions.assumeTrue(Boolean.getBoolean("vmpbd.trapcost"), "trap cost measurement: run scripts/trap-cost.sh");
        GuestVm.assumeAvailable();
    }

    static double nsPerCall(String sysloopLine) {
        String[] w = sysloopLine.trim().split("\\s+");
        return Double.parseDouble(w[w.length - 1]);
    }

    @Test
    void gdbstubCostPerTrappedCall() throws Exception {
        List<String> report = new ArrayList<>();
        try (GuestVm vm = GuestVm.start("bench", N, false)) {
            double untrapped = nsPerCall(vm.await("sysloop 200000 ", Duration.ofSeconds(60)));
            vm.await("VMPBD_READY bench", Duration.ofSeconds(30));
            GdbstubSession s = new GdbstubDriver().openSession(vm.target(Map.of()));
            TrapStats st;
            double trapped;
            long wall;
            try {
                s.enable();
                long t0 = System.nanoTime();
                vm.send("go");
                trapped = nsPerCall(vm.await("sysloop " + N + " ", Duration.ofSeconds(60 + N / 100)));
                wall = (System.nanoTime() - t0) / 1_000_000;
                s.disable();
                st = s.stats();
                report.add(String.format(Locale.ROOT,
                    "gdbstub (TCG, emuP): untrapped %.1f ns/call, trapped %.1f ns/call (%.3f ms), ratio %.0fx;"
                        + " %d calls trapped in %d ms wall, client handler mean %d us; identity reads: %s",
                    untrapped, trapped, trapped / 1e6, trapped / untrapped, st.trapped(), wall, s.meanHandlerNanos() / 1000,
                    s.identityReadStats()));
            } finally {
                s.close();
            }
            assertTrue(st.trapped() >= N, st.toString());
        }
        report.forEach(System.out::println);
        Path out = Path.of("target/trap-cost.txt");
        Files.write(out, report, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    @Test
    void tcglogCostPerTrappedCall() throws Exception {
        java.nio.file.Path vmlinux = GuestVm.guestDir().resolve("vmlinux");
        List<String> report = new ArrayList<>();
        for (boolean vcpu : new boolean[] {true, false}) {
            try (GuestVm vm = GuestVm.start("bench", N * 50, false, "-dfilter", org.vmpbd.trap.tcglog.TcgLogDriver.dfilter(vmlinux))) {
                double untrapped = nsPerCall(vm.await("sysloop 200000 ", Duration.ofSeconds(60)));
                vm.await("VMPBD_READY bench", Duration.ofSeconds(30));
                org.vmpbd.trap.TrapSession s = new org.vmpbd.trap.tcglog.TcgLogDriver().open(new org.vmpbd.trap.TrapTarget("bench",
                    Map.of("monitor", "unix:" + vm.monitorSocket(), "vmlinux", vmlinux.toString(), "vcpu", Boolean.toString(vcpu),
                        "buffer", Integer.toString(N * 50 + 10_000))));
                try {
                    s.enable();
                    long t0 = System.nanoTime();
                    vm.send("go");
                    double trapped = nsPerCall(vm.await("sysloop " + N * 50 + " ", Duration.ofSeconds(120)));
                    long wall = (System.nanoTime() - t0) / 1_000_000;
                    s.disable();
                    long events = 0;
                    while (true) {
                        int got = s.poll(1_000_000, Duration.ofMillis(500)).size();
                        if (got == 0) {
                            break;
                        }
                        events += got;
                    }
                    TrapStats st = s.stats();
                    report.add(String.format(Locale.ROOT,
                        "tcglog (TCG, -d %s): untrapped %.1f ns/call, trapped %.1f ns/call, ratio %.1fx; %d calls trapped in %d ms wall,"
                            + " %d events read, %d dropped, %d double-logged records dropped",
                        vcpu ? "cpu,exec" : "cpu", untrapped, trapped, trapped / untrapped, st.trapped(), wall, events, st.dropped(),
                        ((org.vmpbd.trap.tcglog.TcgLogSession) s).duplicates()));
                    assertTrue(st.trapped() >= N * 50L, st.toString());
                } finally {
                    s.close();
                }
            }
        }
        report.forEach(System.out::println);
        Files.write(Path.of("target/trap-cost.txt"), report, java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND);
    }
}
