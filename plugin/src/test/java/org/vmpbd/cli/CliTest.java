package org.vmpbd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end, in-process: real files, real models, exit codes and messages. */
class CliTest {
    private final CliRun cli = new CliRun(false);

    private int run(String... args) {
        return cli.run(args);
    }

    private String out() {
        return cli.out();
    }

    private String err() {
        return cli.err();
    }

    @Test
    void demoPausesAndSnapshotsTheAttackedVmThroughLibvirtAndWritesAReport(@TempDir Path dir) throws Exception {
        long start = System.nanoTime();
        assertEquals(0, run("demo", "--dir", dir.toString()));
        double seconds = (System.nanoTime() - start) / 1e9;
        String o = out();
        assertTrue(o.contains("SYNTHETIC"), o);
        assertTrue(o.contains("injected attacks detected: 1/1; held-out normal processes flagged: 0/30"), o);
        assertTrue(o.matches("(?s).*demo-web nginx: learned from \\d+ processes, library \\d+ windows, converged after 3 "
            + "stable batches.*"), o);
        assertTrue(o.contains("quarantine skipped: not supported by the test driver"), o);
        assertTrue(seconds < 60, "the demo took " + seconds + " s");
        assertTrue(o.matches("(?s).*done in \\d+\\.\\d s.*"), o);

        // libvirt itself: the attacked VM is paused and has the snapshot, the others run untouched
        org.vmpbd.libvirt.VmControl vms = new org.vmpbd.libvirt.LibvirtVmControl(
            new org.vmpbd.libvirt.LibvirtConnection(org.vmpbd.libvirt.LibvirtVmControl.TEST_URI));
        assertEquals("paused", vms.info("demo-web").state());
        java.util.List<String> snaps = vms.snapshots("demo-web");
        assertEquals(1, snaps.size(), snaps.toString());
        assertTrue(snaps.get(0).startsWith("vmpbd-critical-"), snaps.toString());
        assertTrue(o.contains("demo-web is paused, snapshots: " + snaps.get(0)), o);
        for (String other : new String[] {"demo-ssh", "demo-cron"}) {
            assertEquals("running", vms.info(other).state(), other);
            assertEquals(java.util.List.of(), vms.snapshots(other), other);
            assertTrue(o.contains(other + ": 10 processes, none anomalous; severity 0.00 (none); no action"), o);
        }

        Path html = dir.resolve("report.html");
        assertTrue(o.contains("report: " + html), o);
        String page = Files.readString(html);
        assertTrue(page.contains("SYNTHETIC") && page.contains("demo-web") && page.contains("paused"), page);
        java.util.List<Path> pngs;
        try (var files = Files.list(dir.resolve("plots"))) {
            pngs = files.sorted().toList();
        }
        assertEquals(2, pngs.size(), pngs.toString());
        for (Path png : pngs) {
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
            assertTrue(img != null && img.getWidth() > 100, png + " decodes");
            assertTrue(page.contains("plots/" + png.getFileName()), page);
        }
        assertTrue(Files.exists(dir.resolve("report.md")));
        assertTrue(Files.exists(dir.resolve("README.txt")));
    }

    @Test
    void trainThenDetectOnUnmLogin(@TempDir Path dir) {
        Path login = Path.of(System.getProperty("vmpbd.shared", "../../shared"), "datasets/unm/login");
        Assumptions.assumeTrue(Files.isDirectory(login), "UNM datasets not found at " + login + ": skipping");
        Path model = dir.resolve("login.vmpbd");
        assertEquals(0, run("train", "--no-progress", "-o", model.toString(), login.resolve("normal").toString()));
        assertTrue(out().contains("trained on 24 processes, 8906 calls"), out());
        assertEquals(0, run("model-info", model.toString()));
        assertTrue(out().contains("\"abi\" : \"linux-i386\""), out());
        assertEquals(0, run("detect", "--no-progress", "--json", "-m", model.toString(),
            login.resolve("intrusion").toString()));
        assertTrue(out().contains("\"verdict\":\"anomalous\""), out());
        assertTrue(out().contains("\"calls\":[\""), "alarms name their windows' calls: " + out());
    }

    @Test
    void badTraceGivesOneClearLineNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.int");
        Files.writeString(bad, "1 5\n1 6\n1 open\n");
        assertEquals(2, run("train", "--no-progress", "-o", dir.resolve("m").toString(), bad.toString()));
        assertTrue(err().contains("bad.int:3"), err());
        assertTrue(err().contains("'open'"), err());
        assertFalse(err().contains("\tat "), "no stack trace: " + err());
    }

    @Test
    void missingInputsAndBadModelsAreUserErrors(@TempDir Path dir) throws Exception {
        assertEquals(2, run("train", "--no-progress", "-o", dir.resolve("m").toString(), dir.resolve("nope").toString()));
        assertTrue(err().contains("nope"), err());
        Path junk = dir.resolve("junk.vmpbd");
        Files.writeString(junk, "not a model");
        Path trace = dir.resolve("t.int");
        Files.writeString(trace, "1 5\n1 6\n1 3\n1 4\n1 5\n1 6\n1 7\n");
        assertEquals(2, run("detect", "--no-progress", "-m", junk.toString(), trace.toString()));
        assertTrue(err().contains("junk.vmpbd: not a vmpbd model file"), err());
        assertFalse(err().contains("\tat "), err());
    }

    @Test
    void aTraceOfAnotherAbiIsRefused(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("t.int");
        Files.writeString(trace, "1 5\n1 6\n1 3\n1 4\n1 5\n1 6\n1 7\n1 3\n");
        Path model = dir.resolve("m.vmpbd");
        assertEquals(0, run("train", "--no-progress", "-o", model.toString(), trace.toString()));
        assertEquals(2, run("detect", "--no-progress", "--abi", "sunos", "-m", model.toString(), trace.toString()));
        assertTrue(err().contains("sunos") && err().contains("linux-i386"), err());
    }

    @Test
    void x8664TracesAreMappedIntoAnI386ModelOnlyWhenAsked(@TempDir Path dir) throws Exception {
        // i386: 3 read, 4 write, 5 open, 6 close; x86_64: 0 read, 1 write, 2 open, 3 close
        Path i386 = dir.resolve("i386.int");
        Files.writeString(i386, "1 5\n1 3\n1 4\n1 6\n1 5\n1 3\n1 4\n1 6\n1 5\n1 3\n");
        Path x64 = dir.resolve("x64.int");
        Files.writeString(x64, "7 2\n7 0\n7 1\n7 3\n7 2\n7 0\n7 1\n7 3\n");
        Path model = dir.resolve("m.vmpbd");
        assertEquals(0, run("train", "--no-progress", "-o", model.toString(), i386.toString()));
        assertEquals(2, run("detect", "--no-progress", "--abi", "linux-x86_64", "-m", model.toString(), x64.toString()));
        assertEquals(0, run("detect", "--no-progress", "--all", "--json", "--abi", "linux-x86_64", "--map", "-m",
            model.toString(), x64.toString()));
        assertTrue(out().contains("\"process\":\"x64.int#7\"") && out().contains("\"windows\":3,\"misses\":0"),
            "all windows are exact hits: " + out());
    }

    @Test
    void replayRunsTheLivePathAndRecordsWhatItTrapped(@TempDir Path dir) throws Exception {
        assertEquals(0, run("demo", "--dir", dir.toString()));
        String model = new org.vmpbd.model.ModelStore(dir.resolve("models"), java.time.Clock.systemUTC())
            .modelFile(org.vmpbd.model.ModelKey.parse("demo-web/nginx"), 1).toString();
        String test = dir.resolve("traces/demo-web-test.jsonl").toString();
        Path recorded = dir.resolve("rec/capture.jsonl.gz");
        cli.resetOut();
        assertEquals(0, run("replay", "--format", "events", "--abi", "linux-x86_64", "-m", model, "--vm", "web1",
            "--rate", "50000", "--record", recorded.toString(), test));
        assertTrue(out().contains("ALARM web1/9000/nginx/9000000 at window"), out());
        assertTrue(out().contains("11 processes: 1 anomalous, 10 normal"), out());
        assertTrue(out().matches("(?s).*session: trapped (\\d+), buffered \\1, dropped 0, processes 11; replay finished.*"),
            out());
        assertTrue(out().contains("recorded "), out());
        assertTrue(err().contains("replaying") && err().contains("at 50000 events/s"), err());

        cli.resetOut();
        assertEquals(0, run("detect", "--no-progress", "--format", "events", "--abi", "linux-x86_64", "-m", model,
            recorded.toString()));
        assertTrue(out().contains("11 processes: 1 anomalous, 10 normal"), "the recording reads back: " + out());
        assertTrue(out().contains("ANOMALOUS web1/9000/nginx/9000000"), out());
    }

    @Test
    void replayRefusesAnotherAbiAndBadPathsWithOneLine(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("t.int");
        Files.writeString(trace, "1 5\n1 6\n1 3\n1 4\n1 5\n1 6\n1 7\n1 3\n");
        Path model = dir.resolve("m.vmpbd");
        assertEquals(0, run("train", "--no-progress", "-o", model.toString(), trace.toString()));
        assertEquals(2, run("replay", "--abi", "linux-x86_64", "-m", model.toString(), trace.toString()));
        assertTrue(err().contains("linux-x86_64") && err().contains("linux-i386"), err());
        assertEquals(2, run("replay", "-m", model.toString(), dir.resolve("nope.int").toString()));
        assertTrue(err().contains("nope.int: no such file or directory"), err());
        assertFalse(err().contains("\tat "), "no stack trace: " + err());
        assertEquals(0, run("replay", "--all", "--json", "-m", model.toString(), trace.toString()));
        assertTrue(out().contains("\"process\":\"replay/1/t/1\""), out());
        assertTrue(err().contains("session: trapped 8, buffered 8, dropped 0, processes 1"), err());
    }
}
