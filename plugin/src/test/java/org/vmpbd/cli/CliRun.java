package org.vmpbd.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@code vmpbd ARGS} in-process with stdout and stderr captured, for the CLI tests. */
final class CliRun {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final boolean freshEachRun;

    /** @param freshEachRun whether each run starts with empty captures (else they accumulate) */
    CliRun(boolean freshEachRun) {
        this.freshEachRun = freshEachRun;
    }

    int run(String... args) {
        if (freshEachRun) {
            reset();
        }
        PrintStream o = System.out;
        PrintStream e = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return Main.run(args);
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
    }

    void reset() {
        out.reset();
        err.reset();
    }

    void resetOut() {
        out.reset();
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
