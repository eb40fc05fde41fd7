package org.vmpbd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpbd.demo.EventLogWriter;
import org.vmpbd.demo.SyntheticWorkload;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;

/** {@code vmpbd model ...} end to end, in-process, on the demo's synthetic traces. */
class ModelCliTest {
    private final CliRun cli = new CliRun(true);

    @TempDir
    Path dir;

    private Path store;
    private Path traces;

    @BeforeEach
    void traces() throws Exception {
        store = dir.resolve("store");
        traces = dir.resolve("train.jsonl");
        Abi x64 = Abis.byName(Abis.LINUX_X86_64);
        new EventLogWriter().write(traces, "web1", x64, new SyntheticWorkload(x64).normal(150, 11, 1000));
    }

    private int run(String... args) {
        return cli.run(args);
    }

    /** {@code vmpbd model SUB --store STORE ARGS...}. */
    private int model(String sub, String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "model";
        all[1] = sub;
        all[2] = "--store";
        all[3] = store.toString();
        System.arraycopy(args, 0, all, 4, args.length);
        return run(all);
    }

    private String out() {
        return cli.out();
    }

    private String err() {
        return cli.err();
    }

    private void assertOneLineError(String expected) {
        assertTrue(err().contains(expected), err());
        assertFalse(err().contains("\tat "), "no stack trace: " + err());
        assertEquals(1, err().strip().lines().count(), "one line: " + err());
    }

    @Test
    void learnConvergesThenPromoteRetrainRollbackAndShow() {
        assertEquals(0, model("learn", "--no-progress", "--image", "img", "--program", "nginx", "--batch", "10",
            traces.toString()));
        assertTrue(out().contains("img/nginx batch 1: 10 processes"), out());
        assertTrue(out().contains("(stable, 3/3 stable)"), out());
        assertTrue(out().contains("img/nginx v1: converged: fewer than 1.0 new windows per 1000 in 3 consecutive batches "
            + "of 10 processes (the last 90 of its 150 processes in the traces were not needed)"), out());
        assertTrue(out().contains("img/nginx v1: model of 60 processes, library 159 windows, M=6, IDF smooth; candidate; "
            + "promote with: vmpbd model promote img/nginx --version 1"), out());

        assertEquals(0, model("list"));
        assertTrue(out().matches("(?s).*img/nginx\\s+-\\s+v1\\s+candidate\\s+1 60 processes.*"), out());

        assertEquals(0, model("promote", "--by", "alice", "--reason", "clean week", "img/nginx"));
        assertEquals("img/nginx: v1 is active (promoted by alice)\n", out());

        assertEquals(0, model("retrain", "img/nginx"));
        assertTrue(out().contains("img/nginx: v2 retrained from the corpus (60 processes): 60 processes"), out());
        String digest = digest(out());
        assertEquals(0, model("show", "img/nginx", "--version", "1"));
        assertTrue(out().contains("\"digest\" : \"" + digest + "\""), "retrain reproduces v1: " + out());
        assertTrue(out().contains("converged: yes"), out());
        assertTrue(out().contains("promoted: ") && out().contains("by alice: clean week"), out());
        assertTrue(out().contains("growth per batch (new windows per 1000): "), out());

        assertEquals(0, model("promote", "img/nginx"));
        assertEquals("img/nginx: v2 is active (promoted by " + System.getProperty("user.name", "operator")
            + "); v1 retired\n", out());
        assertEquals(0, model("rollback", "img/nginx"));
        assertEquals("img/nginx: rolled back to v1; v2 retired\n", out());
        assertEquals(2, model("rollback", "img/nginx"));
        assertOneLineError("vmpbd model rollback: error: img/nginx v1 is the first version ever active");

        assertEquals(0, model("show", "img/nginx"));
        assertTrue(out().contains("active: v1 (promoted "), out());
        assertTrue(out().contains("corpus: 60 processes"), out());
        assertTrue(out().contains("captured in linux-x86_64 with filter none (every call)"), out());
        assertTrue(out().matches("(?s).*v2\\s+retired\\s+.*retrained.*"), out());
        assertTrue(out().contains("rolled back"), out());
        assertEquals(0, model("show", "--json", "img/nginx"));
        assertTrue(out().contains("\"format\" : \"vmpbd-model-index\""), out());

        assertEquals(0, run("model", "info", store.resolve("img/nginx/v1.vmpbd").toString()));
        assertTrue(out().contains("\"abi\" : \"linux-x86_64\""), out());
    }

    private static String digest(String text) {
        Matcher m = Pattern.compile("digest ([0-9a-f]{64})").matcher(text);
        assertTrue(m.find(), text);
        return m.group(1);
    }

    @Test
    void theImageWideModelLearnsEveryProgramAndAutoPromotes() {
        assertEquals(0, model("learn", "--no-progress", "--image", "img", "--batch", "10", "--promotion",
            "on-convergence", traces.toString()));
        assertTrue(out().contains("img/* v1: converged"), out());
        assertTrue(out().contains("active (promoted by rule)"), out());
        assertEquals(0, model("list"));
        assertTrue(out().matches("(?s).*img/\\*\\s+v1\\s+v1\\s+active.*"), out());
        assertEquals(0, model("show", "img"));
        assertTrue(out().startsWith("img/*  ("), out());
    }

    @Test
    void everyProgramLearnsOneKeyPerProgramAndTheImageWideOne() {
        assertEquals(0, model("learn", "--no-progress", "--image", "img", "--every-program", "--batch", "10",
            traces.toString()));
        for (String key : new String[] {"img/*", "img/nginx", "img/sshd", "img/logrotate"}) {
            assertTrue(out().contains(key + " v1: converged"), key + ": " + out());
        }
        assertEquals(0, model("list"));
        assertEquals(5, out().lines().count(), out());
        assertEquals(2, model("learn", "--no-progress", "--image", "img", "--every-program", "--program", "nginx",
            traces.toString()));
        assertOneLineError("--every-program and --program exclude each other");
    }

    @Test
    void anUnconvergedRunStaysLearningAndIsStoppedByPromotingItsVersion() {
        assertEquals(0, model("learn", "--no-progress", "--image", "img", "--program", "sshd", "--batch", "10",
            "--stable", "100", traces.toString()));
        assertTrue(out().contains("img/sshd v1: still learning after 150 processes, 15 batches of 10, 12/100 stable"),
            out());
        assertEquals(0, model("list"));
        assertTrue(out().contains("v1 learning: 150 processes"), out());
        assertEquals(2, model("promote", "img/sshd"));
        assertOneLineError("img/sshd has no candidate version to promote (v1 is still learning; promote it by number");
        assertEquals(0, model("promote", "img/sshd", "--version", "1"));
        assertEquals(0, model("show", "img/sshd"));
        assertTrue(out().contains("stopped before convergence by"), out());
    }

    @Test
    void errorsAreOneLineWithExitCode2() throws Exception {
        assertEquals(2, model("show", "nope/x"));
        assertOneLineError("vmpbd model show: error: no models for nope/x in the store at " + store);
        assertEquals(2, model("show", "/x"));
        assertOneLineError("model key: image must not be empty");
        assertEquals(2, model("learn", "--no-progress", "--image", "img", "--program", "httpd", traces.toString()));
        assertOneLineError("no process of program 'httpd' in the traces (programs: logrotate, nginx, sshd)");
        assertEquals(2, model("learn", "--no-progress", "--image", "img", "--time-limit", "soon", traces.toString()));
        assertOneLineError("time limit 'soon' is not a duration");

        assertEquals(0, model("learn", "--no-progress", "--image", "img", "--program", "nginx", "--batch", "10",
            traces.toString()));
        assertEquals(2, model("learn", "--no-progress", "--image", "img", "--program", "nginx", "--filter",
            "read,write,openat,close", traces.toString()));
        assertOneLineError("img/nginx: its training corpus was captured in linux-x86_64 with filter none (every call)");

        Path index = store.resolve("img/nginx/index.json");
        Files.writeString(index, "{ not json");
        assertEquals(2, model("show", "img/nginx"));
        assertOneLineError(index + ": corrupt model index");
        assertEquals(2, model("list"));
        assertTrue(out().contains("img/nginx") && out().contains("UNREADABLE"), out());
        assertOneLineError(index + ": corrupt model index");
        assertEquals(2, model("promote", "img/nginx", "--version", "1"));
        assertEquals("{ not json", Files.readString(index), "never overwritten");

        assertEquals(2, run("model"));
        assertTrue(err().contains("Missing required subcommand"), err());
        assertEquals(0, run("model", "show", "--help"));
        assertTrue(out().contains("--version=N"), out());
        assertEquals(0, run("model", "promote", "-h"));
    }

    @Test
    void unmTracesLearnAsTheNamedProgram() throws Exception {
        Path unm = dir.resolve("login.int");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            for (int c : new int[] {5, 3, 4, 6}) {
                sb.append(100 + i % 3).append(' ').append(c).append('\n');
            }
        }
        Files.writeString(unm, sb.toString());
        assertEquals(0, model("learn", "--no-progress", "--format", "unm", "--abi", "linux-i386", "--image", "oldbox",
            "--program", "login", "--batch", "1", "--stable", "2", "--growth", "100", unm.toString()));
        assertTrue(out().contains("oldbox/login v1: converged"), out());
        assertEquals(0, model("show", "oldbox/login", "--version", "1"));
        assertTrue(out().contains("\"abi\" : \"linux-i386\""), out());
    }
}
