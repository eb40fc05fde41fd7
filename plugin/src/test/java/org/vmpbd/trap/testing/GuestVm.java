package org.vmpbd.trap.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.vmpbd.trap.TrapTarget;

/**
 * vmpbd's tiny test guest under QEMU (TCG here), started through scripts/run-guest.sh with a
 * Unix-socket gdbstub; the serial console is the process's stdin/stdout, so tests read VMPBD_
 * markers and write the "go" line. {@link #assumeAvailable()} skips a test, naming what is missing.
 */
public final class GuestVm implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final Path gdbSocket;
    private final Path monitorSocket;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private GuestVm(Process process, Path dir, Path gdbSocket, Path monitorSocket) {
        this.process = process;
        this.dir = dir;
        this.gdbSocket = gdbSocket;
        this.monitorSocket = monitorSocket;
        this.reader = new Thread(this::readConsole, "guest-console");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    public static Path root() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        return Files.isDirectory(p.resolve("scripts")) ? p : p.getParent();
    }

    public static Path guestDir() {
        String env = System.getenv("VMPBD_GUEST_DIR");
        return env != null ? Path.of(env) : root().resolve("build/guest");
    }

    /** Skips the calling test unless QEMU and the built guest are present. */
    public static void assumeAvailable() {
        boolean qemu = false;
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, "qemu-system-x86_64"))) {
                qemu = true;
                break;
            }
        }
        E2e.need(qemu, "qemu-system-x86_64 not on PATH (scripts/setup.sh test)");
        Path g = guestDir();
        for (String f : new String[] {"vmlinux", "vmlinuz", "initramfs.cpio.gz"}) {
            E2e.need(Files.isRegularFile(g.resolve(f)), g.resolve(f) + " missing: run scripts/build-guest.sh");
        }
    }

    /** How to boot: workload, its argument, KASLR (bzImage), vCPUs, extra kernel and QEMU arguments. */
    public record Options(String wl, int n, boolean kaslr, int smp, String kernelArgs, List<String> qemuArgs) {
        public static Options of(String wl, int n) {
            return new Options(wl, n, false, 1, "", List.of());
        }

        public Options smp(int cpus) {
            return new Options(wl, n, kaslr, cpus, kernelArgs, qemuArgs);
        }

        public Options kernelArgs(String args) {
            return new Options(wl, n, kaslr, smp, args, qemuArgs);
        }
    }

    /** Boots workload {@code wl} with argument {@code n}; {@code kaslr} boots the bzImage with KASLR. */
    public static GuestVm start(String wl, int n, boolean kaslr, String... qemuArgs) throws IOException {
        return start(new Options(wl, n, kaslr, 1, "", List.of(qemuArgs)));
    }

    public static GuestVm start(Options o) throws IOException {
        Path dir = Files.createTempDirectory("vmpbd-guest-");
        Path sock = dir.resolve("gdb.sock");
        Path mon = dir.resolve("mon.sock");
        List<String> cmd = new ArrayList<>();
        cmd.add(root().resolve("scripts/run-guest.sh").toString());
        if (o.kaslr()) {
            cmd.add("--kaslr");
        }
        if (!o.kernelArgs().isBlank()) {
            cmd.add("--append");
            cmd.add(o.kernelArgs());
        }
        if (o.smp() > 1) {
            cmd.add("--smp");
            cmd.add(Integer.toString(o.smp()));
        }
        cmd.add("--gdb");
        cmd.add("unix:" + sock + ",server=on,wait=off");
        cmd.add(o.wl());
        cmd.add(Integer.toString(o.n()));
        cmd.add("--");
        cmd.add("-monitor");
        cmd.add("unix:" + mon + ",server=on,wait=off");
        cmd.addAll(o.qemuArgs());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("VMPBD_GUEST_DIR", guestDir().toString());
        return new GuestVm(pb.start(), dir, sock, mon);
    }

    /** A gdbstub target for this VM with the guest profile from vmlinux. */
    public TrapTarget target(Map<String, String> extra) {
        Map<String, String> s = new java.util.HashMap<>();
        s.put("endpoint", "unix:" + gdbSocket);
        s.put("vmlinux", guestDir().resolve("vmlinux").toString());
        s.putAll(extra);
        return new TrapTarget("testvm", s);
    }

    public Path gdbSocket() {
        return gdbSocket;
    }

    public Path monitorSocket() {
        return monitorSocket;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Waits for a console line containing {@code text}; fails with the console tail if it does not come. */
    public String await(String text, Duration timeout) throws InterruptedException {
        return await(l -> l.contains(text), text, timeout);
    }

    public String await(Predicate<String> p, String what, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int from = 0;
        synchronized (lines) {
            while (true) {
                for (; from < lines.size(); from++) {
                    if (p.test(lines.get(from))) {
                        return lines.get(from);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    throw new AssertionError("guest console: no '" + what + "' within " + timeout + "; tail:\n" + tail(15));
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Console lines so far. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** How many console lines so far contain {@code text}. */
    public long count(String text) {
        return lines().stream().filter(l -> l.contains(text)).count();
    }

    /** Writes a line to the serial console (e.g. the "go" a workload waits for at VMPBD_READY). */
    public void send(String line) throws IOException {
        OutputStream out = process.getOutputStream();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public String tail(int n) {
        List<String> l = lines();
        return String.join("\n", l.subList(Math.max(0, l.size() - n), l.size()));
    }

    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
        try {
            Files.deleteIfExists(gdbSocket);
            Files.deleteIfExists(monitorSocket);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // temp files
        }
    }

    private void readConsole() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String clean = line.replace("\r", "");
                synchronized (lines) {
                    lines.add(clean);
                    lines.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the process ended
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }
}
