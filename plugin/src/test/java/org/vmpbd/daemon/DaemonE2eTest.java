package org.vmpbd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.LibvirtException;
import org.vmpbd.demo.SyntheticWorkload;
import org.vmpbd.detect.ModelTrainer;
import org.vmpbd.detect.TrainingOptions;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.detect.trace.ProcessTrace;
import org.vmpbd.libvirt.LibvirtConnection;
import org.vmpbd.model.ModelKey;
import org.vmpbd.model.ModelStore;
import org.vmpbd.outbox.OutboxRecord;
import org.vmpbd.trap.testing.GuestVm;
import org.vmpbd.trap.testing.LibvirtGuests;

/**
 * {@code vmpbd serve} as an operator runs it, against the real libvirtd with the hook installed and the
 * project's tiny guest under QEMU: a started VM is monitored and its processes' verdicts are recorded; a tenant
 * whose policy cannot be met is refused at prepare with the policy's reason; a libvirtd restart is followed
 * by reconnect and reconcile; a daemon killed with SIGKILL and restarted loses and repeats nothing in its
 * outbox and re-adopts the VM; a stopped VM's session is released.
 */
class DaemonE2eTest {
    private static final Abi X64 = Abis.byName(Abis.LINUX_X86_64);
    private static final String VETO_PROJECT = "0e5c6fd4c3a04c4bb1a2f0d7a9e5b001";

    private Path work;
    private Path guest;
    private Process daemon;
    private final List<String> domains = new ArrayList<>();

    @BeforeAll
    static void need() throws InterruptedException {
        LibvirtGuests.needWithHook();
    }

    @AfterEach
    void cleanUp() throws Exception {
        try (LibvirtConnection conn = new LibvirtConnection(LibvirtGuests.URI)) {
            for (String d : domains) {
                try {
                    conn.domain(d).destroy();
                } catch (LibvirtException | org.vmpbd.libvirt.HypervisorException e) {
                    // already gone
                }
            }
        }
        stopDaemon(false);
    }

    private void prepare(String vmName) throws IOException {
        work = Files.createTempDirectory("vmpbd-serve-");
        guest = LibvirtGuests.guestCopy();
        Path tenants = Files.createDirectories(work.resolve("policies/tenants"));
        String noActions = "actions:\n  none: []\n  low: []\n  medium: []\n  high: []\n  critical: []\n";
        Files.writeString(work.resolve("policies/default.yaml"), "version: 1\ntrap:\n  driver: gdbstub\n"
            + "  allowGdbstubOnNova: true\n" + noActions + "failMode: open\n");
        Files.writeString(tenants.resolve("veto.yaml"), "version: 1\nmatch:\n  projectIds: [" + VETO_PROJECT + "]\n"
            + "trap:\n  driver: kvm\nfailMode: closed\n");
        // a model of (synthetic) x86-64 behaviour: the guest's processes are scored against it; alarms do nothing
        List<ProcessTrace> normal = new ArrayList<>();
        for (SyntheticWorkload.Process p : new SyntheticWorkload(X64).normal(10, 1, 100)) {
            normal.add(new ProcessTrace(p.comm() + "/" + p.pid(), X64, p.calls(), "synthetic"));
        }
        ModelStore store = new ModelStore(work.resolve("models"), Clock.systemUTC());
        store.importModel(ModelKey.imageWide(vmName), new ModelTrainer().train(normal, TrainingOptions.defaults()), "e2e", "");
        store.promote(ModelKey.imageWide(vmName), 1, "e2e", "");
    }

    private void startDaemon() throws Exception {
        Path ready = work.resolve("state/serve.json");
        Files.deleteIfExists(ready);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        daemon = new ProcessBuilder(java, "-Dlogback.configurationFile=" + Path.of("src/main/resources/logback.xml").toAbsolutePath(),
            "-cp", System.getProperty("java.class.path"), "org.vmpbd.cli.Main", "serve",
            "--uri", LibvirtGuests.URI, "--state-dir", work.resolve("state").toString(),
            "--policies", work.resolve("policies").toString(), "--models", work.resolve("models").toString(),
            "--kernel", "*=" + GuestVm.guestDir().resolve("vmlinux"), "--metrics-port", "0")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("daemon.log").toFile()))
            .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(ready)) {
            assertTrue(daemon.isAlive(), "the daemon died at start:\n" + log());
            assertTrue(System.nanoTime() < deadline, "the daemon did not come up in 60 s:\n" + log());
            Thread.sleep(100);
        }
    }

    private void stopDaemon(boolean kill) throws InterruptedException {
        if (daemon != null && daemon.isAlive()) {
            if (kill) {
                daemon.destroyForcibly();
            } else {
                daemon.destroy();
            }
            daemon.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private String log() throws IOException {
        Path l = work.resolve("daemon.log");
        return Files.exists(l) ? Files.readString(l) : "(no log)";
    }

    private int metricsPort() throws IOException {
        String json = Files.readString(work.resolve("state/serve.json"));
        return Integer.parseInt(json.replaceAll("(?s).*\"metricsPort\": (\\d+).*", "$1"));
    }

    private double metric(String line) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort()
            + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(line + " ")).mapToDouble(l -> Double.parseDouble(l.substring(line.length() + 1)))
            .findFirst().orElse(-1);
    }

    private List<OutboxRecord> await(String what, Duration within, Predicate<OutboxRecord> p) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            List<OutboxRecord> found = DaemonTestDriverTest.records(work.resolve("state/outbox")).stream().filter(p).toList();
            if (!found.isEmpty()) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + within + "; outbox:\n"
                    + DaemonTestDriverTest.dump(work.resolve("state/outbox")) + "\ndaemon log:\n" + log());
            }
            Thread.sleep(200);
        }
    }

    private static Predicate<OutboxRecord> session(String domain, String state) {
        return r -> r.kind().equals("session") && r.body().path("domain").asText().equals(domain)
            && state.equals(r.body().path("state").asText());
    }

    private static Predicate<OutboxRecord> verdictOf(String domain, String comm) {
        return r -> r.kind().equals("verdict") && r.body().path("domain").asText().equals(domain)
            && r.body().path("comm").asText().equals(comm);
    }

    @Test
    void monitorsRefusesReconnectsSurvivesAKillAndReleases() throws Exception {
        String name = "vmpbd-e2e-serve-" + Long.toHexString(System.nanoTime());
        prepare(name);
        startDaemon();
        try (LibvirtConnection conn = new LibvirtConnection(LibvirtGuests.URI)) {
            // 1. VM start -> monitoring enabled
            long c0 = System.nanoTime();
            conn.get();
            System.out.printf("DaemonE2eTest: connected in %.1f s%n", (System.nanoTime() - c0) / 1e9);
            long t0 = System.nanoTime();
            domains.add(name);
            conn.get().domainCreateXML(LibvirtGuests.xml(name, null, guest, "forever", "", ""), 0);
            System.out.printf("DaemonE2eTest: created in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            OutboxRecord monitoring = await("monitoring of " + name, Duration.ofSeconds(60), session(name, "monitoring")).get(0);
            double enabledSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("DaemonE2eTest: monitoring enabled %.1f s after the start (daemon: %d ms after it heard of it)%n",
                enabledSeconds, monitoring.body().get("enabledAfterMs").asLong());
            assertEquals("gdbstub", monitoring.body().get("driver").asText());
            assertTrue(enabledSeconds <= 10, "monitoring enabled within 10 s of the start: " + enabledSeconds + " s");

            // 2. the workload's processes reach the detector
            await("a verdict for the guest's marker", Duration.ofSeconds(180), verdictOf(name, "marker"));
            assertTrue(metric("vmpbd_events_total{vm=\"" + name + "\"}") > 0);

            // the gdbstub's own stops (a SUSPENDED/RESUMED pair per trapped call) are not taken for real pauses
            assertFalse(DaemonTestDriverTest.records(work.resolve("state/outbox")).stream()
                .anyMatch(r -> r.kind().equals("session") && r.body().path("event").asText().equals("paused")),
                "no pause recorded for the trap's own stops");

            // ... while a real pause is
            long beforePause = lastSeq();
            conn.domain(name).suspend();
            await("the real pause", Duration.ofSeconds(30), r -> r.seq() > beforePause && r.kind().equals("session")
                && r.body().path("event").asText().equals("paused"));
            conn.domain(name).resume();
            await("the resume", Duration.ofSeconds(30), r -> r.seq() > beforePause && r.kind().equals("session")
                && r.body().path("event").asText().equals("resumed"));

            // 3. a tenant whose policy cannot be met is refused at prepare, with the policy's reason
            String vetoed = name + "-veto";
            String nova = Domains.nova(vetoed, VETO_PROJECT, "img-veto");
            LibvirtException refused = assertThrows(LibvirtException.class,
                () -> conn.get().domainCreateXML(LibvirtGuests.xml(vetoed, null, guest, "forever", nova, ""), 0));
            domains.add(vetoed);
            assertTrue(refused.getMessage().contains("monitoring cannot run") && refused.getMessage().contains("veto.yaml")
                && refused.getMessage().contains("kvm"), refused.getMessage());
            await("the recorded refusal", Duration.ofSeconds(5), r -> r.kind().equals("hook")
                && r.body().path("domain").asText().equals(vetoed) && r.body().path("decision").asText().equals("deny"));

            // 4. libvirtd restarted mid-run -> reconnect, reconcile; the VM stays monitored
            run("../scripts/libvirtd.sh", "stop");
            Thread.sleep(2000);
            run("../scripts/libvirtd.sh", "start");
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (metric("vmpbd_libvirt_reconnects_total") < 1) {
                assertTrue(System.nanoTime() < deadline, "no reconnect within 90 s:\n" + log());
                Thread.sleep(500);
            }
            assertEquals(1.0, metric("vmpbd_libvirt_connected"));
            long afterRestart = lastSeq();
            await("verdicts after the libvirtd restart", Duration.ofSeconds(60),
                r -> r.seq() > afterRestart && verdictOf(name, "marker").test(r));

            // 5. daemon killed and restarted -> nothing lost, nothing repeated, the VM adopted again
            List<OutboxRecord> beforeKill = DaemonTestDriverTest.records(work.resolve("state/outbox"));
            stopDaemon(true);
            startDaemon();
            long killedAt = beforeKill.get(beforeKill.size() - 1).seq();
            await("re-adoption of " + name, Duration.ofSeconds(60), r -> r.seq() > killedAt && session(name, "monitoring").test(r));
            await("verdicts after the daemon restart", Duration.ofSeconds(120),
                r -> r.seq() > killedAt && verdictOf(name, "marker").test(r));
            List<OutboxRecord> after = DaemonTestDriverTest.records(work.resolve("state/outbox"));
            for (int i = 0; i < after.size(); i++) {
                assertEquals(i + 1, after.get(i).seq(), "contiguous sequence after the kill");
            }
            for (OutboxRecord r : beforeKill) {
                OutboxRecord same = after.get((int) r.seq() - 1);
                assertEquals(r.kind() + r.body(), same.kind() + same.body(), "record " + r.seq() + " kept as it was");
            }
            Set<String> processes = new HashSet<>();
            for (OutboxRecord r : after) {
                if (r.kind().equals("verdict")) {
                    assertTrue(processes.add(r.body().get("process").asText() + "@" + r.body().get("uuid").asText()
                        + "#" + sessionOf(after, r)), "one verdict per process and session: " + r.body());
                }
            }

            // 6. VM stop -> session released
            long beforeStop = lastSeq();
            conn.domain(name).destroy();   // looked up again: the libvirtd restart closed the first connection
            OutboxRecord ended = await("the release of " + name, Duration.ofSeconds(30),
                r -> r.seq() > beforeStop && session(name, "released").test(r)).get(0);
            assertTrue(ended.body().get("reason").asText().matches("STOPPED/DESTROYED|hook: stopped"), ended.body().toString());
            assertEquals(0.0, metric("vmpbd_sessions{state=\"monitoring\"}"), "no session left");
            assertFalse(DaemonTestDriverTest.records(work.resolve("state/outbox")).stream()
                .anyMatch(r -> r.kind().equals("session") && r.seq() > ended.seq() && r.body().path("domain").asText().equals(name)
                    && r.body().path("state").asText().equals("monitoring")), "not re-attached after the stop");
        }
    }

    /** The sequence number of the last {@code monitoring} record of the verdict's VM before it. */
    private static long sessionOf(List<OutboxRecord> all, OutboxRecord verdict) {
        long s = 0;
        for (OutboxRecord r : all) {
            if (r.seq() > verdict.seq()) {
                break;
            }
            if (r.kind().equals("session") && r.body().path("state").asText().equals("monitoring")
                && r.body().path("uuid").asText().equals(verdict.body().path("uuid").asText())) {
                s = r.seq();
            }
        }
        return s;
    }

    private long lastSeq() throws IOException {
        List<OutboxRecord> all = DaemonTestDriverTest.records(work.resolve("state/outbox"));
        return all.isEmpty() ? 0 : all.get(all.size() - 1).seq();
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ": " + out);
    }
}
