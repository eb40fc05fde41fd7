package org.vmpbd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpbd.demo.EventLogWriter;
import org.vmpbd.demo.SyntheticWorkload;
import org.vmpbd.detect.DetectionModel;
import org.vmpbd.detect.ModelTrainer;
import org.vmpbd.detect.TrainingOptions;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.detect.trace.Traces;
import org.vmpbd.libvirt.LibvirtConnection;
import org.vmpbd.libvirt.LibvirtVmControl;
import org.vmpbd.libvirt.VmControl;
import org.vmpbd.model.ModelKey;
import org.vmpbd.model.ModelStore;
import org.vmpbd.outbox.FileOutbox;
import org.vmpbd.outbox.OutboxRecord;

/**
 * The whole daemon in-process on libvirt's test driver (real lifecycle events, no QEMU), with the replay
 * driver standing in for the trap: a running VM is adopted at start, a started VM is attached, a real pause
 * is told from the trap's own stops, an attacking VM's alarms become a pause request that the action executor
 * carries out through libvirt, a destroyed VM's session is released, metrics are scraped, and a restarted
 * daemon continues the outbox without repeating an action.
 */
class DaemonTestDriverTest {
    private static final Abi X64 = Abis.byName(Abis.LINUX_X86_64);
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private DaemonSettings settings() {
        return new DaemonSettings(LibvirtVmControl.TEST_URI, dir.resolve("state"), dir.resolve("policies"),
            dir.resolve("models"), dir.resolve("run/hook.sock"), dir.resolve("run/hook-policy"), dir.resolve("run/gdb"),
            "nobody", Map.of(), 0, Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(10), 1);
    }

    private void prepare(String suffix) throws IOException {
        SyntheticWorkload w = new SyntheticWorkload(X64);
        Path replay = Files.createDirectories(dir.resolve("replay"));
        EventLogWriter writer = new EventLogWriter();
        writer.write(replay.resolve("train.jsonl"), "train", X64, w.normal(20, 1, 1000));
        writer.write(replay.resolve("default.jsonl"), "any", X64, w.normal(3, 2, 5000));
        writer.write(replay.resolve("attacker-" + suffix + ".jsonl"), "any", X64, w.attacks(3, 9000));
        DetectionModel model = new ModelTrainer().train(Traces.read(replay.resolve("train.jsonl"), "events", X64),
            TrainingOptions.defaults());
        ModelStore store = new ModelStore(dir.resolve("models"), Clock.systemUTC());
        for (String image : List.of("img-demo", "plain-" + suffix)) {
            store.importModel(ModelKey.imageWide(image), model, "test", "synthetic normal");
            store.promote(ModelKey.imageWide(image), 1, "test", "test");
        }
        String noActions = "actions:\n  none: []\n  low: []\n  medium: []\n  high: []\n  critical: []\n";
        Files.createDirectories(dir.resolve("policies/tenants"));
        Files.writeString(dir.resolve("policies/default.yaml"), "version: 1\ntrap:\n  driver: replay\n" + noActions);
        Files.writeString(dir.resolve("policies/tenants/learn.yaml"), "version: 1\nmatch:\n  projectIds: [p-learn]\n"
            + "model:\n  learning:\n    enabled: true\n    convergenceWindows: 1\n");
        Files.writeString(dir.resolve("policies/tenants/attack.yaml"), "version: 1\nmatch:\n  projectIds: [p-attack]\n"
            + "actions:\n  low: [pause]\n  medium: [pause]\n  high: [pause]\n  critical: [pause]\n");
    }

    /** The records in the outbox now (a read-only view sees the segments as they were when it opened). */
    static List<OutboxRecord> records(Path outboxDir) throws IOException {
        try (FileOutbox view = FileOutbox.openReadOnly(outboxDir)) {
            return Journals.all(view);
        }
    }

    static List<OutboxRecord> await(Path outbox, String what, Predicate<OutboxRecord> p) throws Exception {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (true) {
            List<OutboxRecord> found = records(outbox).stream().filter(p).toList();
            if (!found.isEmpty()) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + WITHIN + "; outbox:\n" + dump(outbox));
            }
            Thread.sleep(100);
        }
    }

    static String dump(Path outbox) throws IOException {
        StringBuilder b = new StringBuilder();
        for (OutboxRecord r : records(outbox)) {
            if (!r.kind().equals("verdict")) {
                b.append(r.seq()).append(' ').append(r.kind()).append(' ').append(r.body()).append('\n');
            }
        }
        return b.toString();
    }

    private static Predicate<OutboxRecord> session(String domain, String state) {
        return r -> r.kind().equals("session") && r.body().path("domain").asText().equals(domain)
            && (state.equals(r.body().path("state").asText()) || state.equals(r.body().path("event").asText()));
    }

    @Test
    void followsTheTestDriversVmsFromAdoptionToReleaseAndActsOnAlarms() throws Exception {
        String suffix = Long.toHexString(System.nanoTime());
        prepare(suffix);
        String plain = "plain-" + suffix;
        String nova = "nova-" + suffix;
        String attacker = "attacker-" + suffix;
        String learner = "learner-" + suffix;
        VmControl vms = new LibvirtVmControl(new LibvirtConnection(LibvirtVmControl.TEST_URI));
        vms.start(Domains.testDomain(plain, null, null));   // running before the daemon: adopted
        Path outbox = dir.resolve("state/outbox");
        try (Daemon daemon = Guice.createInjector(new DaemonModule(settings(), dir.resolve("replay"))).getInstance(Daemon.class)) {
            daemon.start();
            await(outbox, "adoption of " + plain, session(plain, "monitoring"));

            vms.start(Domains.testDomain(nova, "p-normal", "img-demo"));
            OutboxRecord mon = await(outbox, "attach of " + nova, session(nova, "monitoring")).get(0);
            assertEquals("replay", mon.body().get("driver").asText());
            assertEquals("img-demo/* v1", mon.body().get("model").asText());
            await(outbox, "verdicts of " + nova, r -> r.kind().equals("verdict") && r.body().path("domain").asText().equals(nova));

            vms.pause(nova);
            await(outbox, "a real pause of " + nova, session(nova, "paused"));
            new LibvirtConnection(LibvirtVmControl.TEST_URI).domain(nova).resume();
            await(outbox, "the resume of " + nova, session(nova, "resumed"));

            vms.start(Domains.testDomain(attacker, "p-attack", "img-demo"));
            OutboxRecord request = await(outbox, "a pause request for " + attacker, r -> r.kind().equals("action-request")
                && r.body().path("domain").asText().equals(attacker)).get(0);
            assertEquals("pause", request.body().get("action").asText());
            OutboxRecord done = await(outbox, "the pause of " + attacker, r -> r.kind().equals("action")
                && r.body().path("request").asLong() == request.seq()).get(0);
            assertTrue(done.body().get("done").asBoolean(), done.body().toString());
            assertEquals("paused", vms.info(attacker).state());
            assertTrue(records(outbox).stream().anyMatch(r -> r.kind().equals("alarm")
                && r.body().path("domain").asText().equals(attacker) && r.body().path("windows").size() > 0));

            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + daemon.metricsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("vmpbd_events_total{vm=\"" + nova + "\"}")
                && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) > 0), metrics);
            assertTrue(metrics.contains("vmpbd_libvirt_connected 1"), metrics);
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("vmpbd_alarms_total{vm=\"" + attacker + "\"}")), metrics);

            // a VM whose image has no model: learnt from the VM itself, promoted on convergence, then detection
            vms.start(Domains.testDomain(learner, "p-learn", "img-learn"));
            await(outbox, "learning on " + learner, session(learner, "learning"));
            OutboxRecord learnt = await(outbox, "detection after learning on " + learner, session(learner, "monitoring")).get(0);
            assertEquals("img-learn/* v1", learnt.body().get("model").asText());
            assertTrue(records(outbox).stream().anyMatch(r -> r.kind().equals("learning")
                && r.body().path("domain").asText().equals(learner) && r.body().path("state").asText().equals("learnt")
                && r.body().path("modelState").asText().equals("active")));
            await(outbox, "verdicts of " + learner, r -> r.kind().equals("verdict") && r.body().path("domain").asText().equals(learner));

            vms.stop(nova);
            await(outbox, "the release of " + nova, session(nova, "released"));
            assertTrue(records(outbox).stream().filter(session(nova, "ended"))
                .allMatch(r -> r.body().get("reason").asText().equals("released")), "the replay ran until released");
        }
        List<OutboxRecord> first = records(outbox);
        long before = first.get(first.size() - 1).seq();
        try (Daemon second = Guice.createInjector(new DaemonModule(settings(), dir.resolve("replay"))).getInstance(Daemon.class)) {
            second.start();
            {
                await(outbox, "re-adoption of " + plain, r -> r.seq() > before && session(plain, "monitoring").test(r));
                List<OutboxRecord> all = records(outbox);
                for (int i = 0; i < all.size(); i++) {
                    assertEquals(i + 1, all.get(i).seq(), "contiguous sequence");
                }
                long requests = all.stream().filter(r -> r.kind().equals("action-request")).count();
                long outcomes = all.stream().filter(r -> r.kind().equals("action")).count();
                assertEquals(requests, outcomes, "each request carried out once, none again after the restart");
            }
        } finally {
            for (String vm : List.of(plain, attacker, learner)) {
                vms.stop(vm);
            }
        }
    }
}
