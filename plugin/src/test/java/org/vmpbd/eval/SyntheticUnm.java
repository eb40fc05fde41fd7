package org.vmpbd.eval;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes small seeded UNM-format program folders for tests: normal processes follow a fixed
 * cyclic pattern of Linux i386 calls with a little noise; intrusion processes contain a burst of
 * calls the normal ones never make.
 */
final class SyntheticUnm {
    /** open, read, mmap, close, write, brk, fstat, mprotect. */
    private static final int[] PATTERN = {5, 3, 90, 6, 4, 45, 108, 125};
    /** execve, setuid, socketcall, fork: never in normal traces. */
    private static final int[] ATTACK = {11, 23, 102, 2};

    private SyntheticUnm() {
    }

    /** {@code dir/normal/*.int.gz} (one process each) and {@code dir/intrusion/*.int.gz} (two processes each). */
    static Path program(Path dir, int normals, int intrusions, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        Files.createDirectories(dir.resolve("normal"));
        Files.createDirectories(dir.resolve("intrusion"));
        for (int p = 0; p < normals; p++) {
            write(dir.resolve("normal").resolve(String.format("n%03d.int.gz", p)), new int[][] {normal(rnd, 200)},
                1000 + p);
        }
        for (int i = 0; i < intrusions; i++) {
            write(dir.resolve("intrusion").resolve(String.format("attack%d.int.gz", i)),
                new int[][] {intrusion(rnd, 200), normal(rnd, 120)}, 5000 + 10 * i);
        }
        return dir;
    }

    static int[] normal(SplittableRandom rnd, int length) {
        int[] calls = new int[length];
        for (int i = 0; i < length; i++) {
            calls[i] = rnd.nextInt(40) == 0 ? PATTERN[rnd.nextInt(PATTERN.length)] : PATTERN[i % PATTERN.length];
        }
        return calls;
    }

    static int[] intrusion(SplittableRandom rnd, int length) {
        int[] calls = normal(rnd, length);
        for (int i = length / 3; i < length / 3 + 40; i++) {
            calls[i] = ATTACK[rnd.nextInt(ATTACK.length)];
        }
        return calls;
    }

    /** Interleaves the processes line by line, PIDs from {@code firstPid}. */
    static void write(Path file, int[][] processes, int firstPid) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file));
             Writer w = new OutputStreamWriter(out, StandardCharsets.US_ASCII)) {
            int longest = 0;
            for (int[] p : processes) {
                longest = Math.max(longest, p.length);
            }
            for (int i = 0; i < longest; i++) {
                for (int p = 0; p < processes.length; p++) {
                    if (i < processes[p].length) {
                        w.write((firstPid + p) + " " + processes[p][i] + "\n");
                    }
                }
            }
        }
    }
}
