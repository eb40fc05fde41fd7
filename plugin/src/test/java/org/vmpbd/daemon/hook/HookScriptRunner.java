package org.vmpbd.daemon.hook;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code libvirt-hooks/qemu} the way libvirtd does: executed directly (its {@code #!/usr/bin/perl}), as
 * {@code qemu <name> <op> <subop> -}, the domain XML on stdin, a bare environment (PATH and the test's
 * {@code VMPBD_HOOK_CONF}). The arguments travel hex-encoded through a one-line perl {@code exec}, so their
 * bytes reach the hook exactly whatever the JVM's locale.
 */
final class HookScriptRunner {
    /** The hook script in this checkout (surefire runs in {@code plugin/}). */
    static final Path SCRIPT = Path.of(System.getProperty("user.dir")).resolve("../libvirt-hooks/qemu").normalize();
    /** Only a hang fails on this: a hook that exits is never near it. */
    private static final long HANG_GUARD_SECONDS = 60;

    private final Path conf;
    private final Path scratch;

    /**
     * @param conf    the hook configuration the hook reads
     * @param scratch a directory for the captured output
     */
    HookScriptRunner(Path conf, Path scratch) {
        this.conf = conf;
        this.scratch = scratch;
    }

    /** What a run gave. */
    record Result(int exit, String stderr, String stdout) {
        /** stderr lines. */
        List<String> stderrLines() {
            return stderr.isEmpty() ? List.of() : List.of(stderr.split("\n"));
        }
    }

    /** Runs the hook with {@code stdin} as its input (closed after it) and waits for it to exit. */
    Result run(String name, String op, String subOp, byte[] stdin) throws IOException, InterruptedException {
        Started hook = start(name, op, subOp);
        Thread writer = new Thread(() -> {
            try (OutputStream in = hook.process().getOutputStream()) {
                in.write(stdin);
            } catch (IOException e) {
                // the hook stopped reading (oversize input) or exited: as libvirt, ignore EPIPE
            }
        }, "hook-stdin");
        writer.start();
        Result r = await(hook);
        writer.join(TimeUnit.SECONDS.toMillis(HANG_GUARD_SECONDS));
        return r;
    }

    /** A running hook and where its output goes. */
    record Started(Process process, Path out, Path err) {
    }

    /** Starts the hook and leaves its stdin open and unwritten. */
    Started start(String name, String op, String subOp) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("perl", "-e",
            "my @a = map { pack 'H*', $_ } @ARGV; exec { $a[0] } @a or die \"cannot exec $a[0]: $!\\n\""));
        for (String arg : List.of(SCRIPT.toString(), name, op, subOp, "-")) {
            cmd.add(HexFormat.of().formatHex(arg.getBytes(StandardCharsets.UTF_8)));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("VMPBD_HOOK_CONF", conf.toString());
        Path out = Files.createTempFile(scratch, "hook", ".out");
        Path err = Files.createTempFile(scratch, "hook", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        return new Started(pb.start(), out, err);
    }

    /** Waits for a started hook. */
    Result await(Started hook) throws IOException, InterruptedException {
        assertTrue(hook.process().waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS), "the hook hung");
        return new Result(hook.process().exitValue(), Files.readString(hook.err(), StandardCharsets.UTF_8),
            Files.readString(hook.out(), StandardCharsets.UTF_8));
    }
}
