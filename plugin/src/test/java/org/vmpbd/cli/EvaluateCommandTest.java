package org.vmpbd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vmpbd evaluate} end to end on a tiny dataset, and its errors on bad input. */
class EvaluateCommandTest {
    private final CliRun cli = new CliRun(false);

    private int run(String... args) {
        return cli.run(args);
    }

    private static void trace(Path file, int pid, int... calls) throws IOException {
        Files.createDirectories(file.getParent());
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.US_ASCII)) {
            for (int c : calls) {
                w.write(pid + " " + c + "\n");
            }
        }
    }

    private static Path program(Path dir) throws IOException {
        int[] pattern = {5, 3, 90, 6, 4, 45, 108, 125};
        for (int p = 0; p < 12; p++) {
            int[] calls = new int[80 + 8 * p];
            for (int i = 0; i < calls.length; i++) {
                calls[i] = pattern[(i + p) % pattern.length];
            }
            trace(dir.resolve("normal/n" + p + ".int.gz"), 100 + p, calls);
        }
        int[] attack = new int[100];
        for (int i = 0; i < attack.length; i++) {
            attack[i] = i > 30 && i < 70 ? 11 + i % 3 : pattern[i % pattern.length];
        }
        trace(dir.resolve("intrusion/a.int.gz"), 900, attack);
        return dir;
    }

    @Test
    void evaluatesAProgramFolder(@TempDir Path tmp) throws IOException {
        Path data = program(tmp.resolve("toy"));
        Path reports = tmp.resolve("reports");
        int code = run("evaluate", "--no-progress", "--similarity-windows", "3,6", data.toString(), "-o", reports.toString());
        assertEquals(0, code, cli.err());
        assertTrue(cli.out().contains("toy"), cli.out());
        assertTrue(Files.exists(reports.resolve("toy/report.md")));
        assertTrue(Files.exists(reports.resolve("toy/roc.png")));
        assertTrue(Files.readString(reports.resolve("summary.md")).contains("--seed 1"));
    }

    @Test
    void missingDatasetFolderIsNamed(@TempDir Path tmp) {
        Path nowhere = tmp.resolve("nowhere");
        assertEquals(2, run("evaluate", "--all", nowhere.toString(), "-o", tmp.resolve("r").toString()));
        assertTrue(cli.err().contains(nowhere.toString()), cli.err());
    }

    @Test
    void programWithoutIntrusionFolderIsNamed(@TempDir Path tmp) throws IOException {
        Path half = tmp.resolve("half");
        trace(half.resolve("normal/n.int.gz"), 1, 1, 2, 3, 4, 5, 6, 7);
        assertEquals(2, run("evaluate", half.toString(), "-o", tmp.resolve("r").toString()));
        String e = cli.err();
        assertTrue(e.contains(half.resolve("intrusion").toString()), e);
    }

    @Test
    void unknownExperimentInOnly(@TempDir Path tmp) throws IOException {
        Path data = program(tmp.resolve("toy"));
        assertEquals(2, run("evaluate", "--only", "nope", data.toString(), "-o", tmp.resolve("r").toString()));
        assertTrue(cli.err().contains("no experiment named nope"));
    }
}
