package org.vmpbd.trap.tcglog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.vmpbd.trap.TrapDriver;
import org.vmpbd.trap.TrapException;
import org.vmpbd.trap.TrapSession;
import org.vmpbd.trap.TrapTarget;
import org.vmpbd.trap.gdbstub.RspEndpoint;
import org.vmpbd.trap.guest.StaticEntries;

/**
 * The TCG-only log driver ({@code tcglog}), for test guests and load: QEMU itself dumps the vCPU
 * state at every system-call entry and vmpbd reads the dump, with no VM stop: about 6.5 µs per call
 * under TCG against about 2.3 ms for the gdbstub driver. The guest must be started with
 * {@code -dfilter ENTRY+0x1[,...]} (see {@link #dfilter}); QEMU cannot set the filter at run time,
 * so the entry addresses must be known at launch: the guest boots without KASLR (PVH direct boot
 * of vmlinux, or {@code nokaslr}) and the addresses come from vmlinux's .text
 * ({@link StaticEntries}) or kallsyms. {@code enable()} sends {@code logfile FIFO} and
 * {@code log cpu,exec} to the human monitor, {@code disable()} {@code log none}.
 *
 * <p>Settings: {@code monitor} (required: {@code unix:/path} or {@code tcp:host:port} of an HMP
 * monitor, e.g. {@code -monitor unix:/run/vm.mon,server=on,wait=off}, or libvirt's
 * {@code qemu-monitor-command --hmp} passthrough); {@code entry} (hex, entry_SYSCALL_64) or
 * {@code vmlinux}; {@code entry-compat} (comma-separated hex addresses of 32-bit entries, or
 * {@code none}; default from vmlinux: entry_SYSCALL_compat and entry_SYSENTER_compat);
 * {@code log} (the FIFO QEMU writes; default a new one in a private temporary directory: QEMU must
 * be able to open it, which under libvirt means a path libvirt-qemu may write); {@code vcpu}
 * ({@code true}, default: log {@code cpu,exec} so each record names its vCPU; {@code false}: only
 * {@code cpu}, vCPU reported as 0); {@code dedupe} (see below); {@code buffer}; {@code probe-interval-ms} (1000) and
 * {@code reply-timeout-ms} (2000) of the monitor watchdog.
 *
 * <p>Limits. TCG only: KVM ignores {@code -d cpu}. The dump has no kernel GS base and the log
 * cannot read guest memory at the moment of the call, so events carry pid -1 and an empty comm;
 * processes are told apart by CR3 and split on execve and exit_group (CR3s are recycled: a process
 * killed by a signal, without exit_group, can merge with the next one given its page-table root).
 * int $0x80 is not covered unless its handler's address is given in {@code entry-compat} (it has no
 * prologue to find in vmlinux); 32-bit arguments are read as for int $0x80 (ebx, ecx, edx, esi, edi,
 * ebp). A QEMU started without the filter would log every translation block: the session then
 * turns the log off at once and dies with that reason. The log format is QEMU's debug text, not a
 * stable API.
 *
 * <p>Double logging. QEMU logs a translation block before running it, and logs it again when a
 * pending exit or interrupt request ends the block before its first instruction: 3-6% of the
 * entry records in our fork/exec test. With {@code dedupe=true} (default) a record identical to
 * the byte to its vCPU's previous one is dropped; the price is that a program repeating a call with
 * every register unchanged (a {@code sched_yield} busy loop) has its repeats collapsed to one.
 * {@code dedupe=false} keeps every record (and the spurious repeats).
 */
public final class TcgLogDriver implements TrapDriver {
    private record Key(Path path, long size, long modified) {
    }

    private final Map<Key, StaticEntries> staticEntries = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "tcglog";
    }

    /** QEMU's {@code -dfilter} argument for these entry addresses. */
    public static String dfilter(List<Long> entries) {
        List<String> parts = new ArrayList<>();
        for (long e : entries) {
            parts.add("0x" + Long.toHexString(e) + "+0x1");
        }
        return String.join(",", parts);
    }

    /** The {@code -dfilter} argument for a guest booted from {@code vmlinux} without KASLR. */
    public static String dfilter(Path vmlinux) throws IOException {
        StaticEntries e = StaticEntries.fromVmlinux(vmlinux);
        List<Long> all = new ArrayList<>();
        all.add(e.syscall64().orElseThrow(() -> new IOException(vmlinux + ": entry_SYSCALL_64 not found in .text")));
        e.syscallCompat().ifPresent(all::add);
        e.sysenterCompat().ifPresent(all::add);
        return dfilter(all);
    }

    @Override
    public TrapSession open(TrapTarget target) throws TrapException {
        String vm = target.vm();
        RspEndpoint monitor;
        try {
            monitor = RspEndpoint.parse(target.require("monitor"));
        } catch (IllegalArgumentException e) {
            throw new TrapException("trap target " + vm + ": " + e.getMessage(), e);
        }
        Map<String, String> s = target.settings();
        Path vmlinux = s.containsKey("vmlinux") ? Path.of(s.get("vmlinux")) : null;
        StaticEntries fromFile = vmlinux == null ? null : entries(vm, vmlinux);
        long entry;
        if (s.get("entry") != null && !s.get("entry").isBlank()) {
            entry = address(vm, s.get("entry"));
        } else if (fromFile != null && fromFile.syscall64().isPresent()) {
            entry = fromFile.syscall64().getAsLong();
        } else {
            throw new TrapException("trap target " + vm + ": tcglog needs 'entry' (entry_SYSCALL_64) or 'vmlinux'");
        }
        List<Long> compat = new ArrayList<>();
        List<String> blind = new ArrayList<>();
        String c = s.get("entry-compat");
        if (c != null && !c.isBlank()) {
            if (!c.trim().equalsIgnoreCase("none")) {
                for (String a : c.split(",")) {
                    compat.add(address(vm, a));
                }
            } else {
                blind.add("32-bit entries: not trapped (entry-compat=none)");
            }
        } else if (fromFile != null) {
            fromFile.syscallCompat().ifPresentOrElse(compat::add, () -> blind.add("entry_SYSCALL_compat: not found in vmlinux"));
            fromFile.sysenterCompat().ifPresentOrElse(compat::add, () -> blind.add("entry_SYSENTER_compat: not found in vmlinux"));
        } else {
            blind.add("32-bit entries: no entry-compat or vmlinux setting");
        }
        if (c == null || !c.trim().equalsIgnoreCase("none")) {
            blind.add("int $0x80: not covered unless its handler's address is in entry-compat");
        }
        blind.add("process identity: no pid/comm in the log (processes told apart by CR3, split on execve/exit_group)");
        int buffer = integer(vm, s, "buffer", 65536);
        Duration reply = Duration.ofMillis(integer(vm, s, "reply-timeout-ms", 2000));
        Duration probe = Duration.ofMillis(integer(vm, s, "probe-interval-ms", 1000));
        boolean vcpu = !"false".equalsIgnoreCase(s.getOrDefault("vcpu", "true"));
        boolean dedupe = !"false".equalsIgnoreCase(s.getOrDefault("dedupe", "true"));
        Path fifo;
        Path privateDir = null;
        try {
            if (s.get("log") != null && !s.get("log").isBlank()) {
                fifo = Path.of(s.get("log"));
            } else {
                privateDir = Files.createTempDirectory("vmpbd-tcglog-");
                fifo = privateDir.resolve("cpu.fifo");
            }
            if (!Files.exists(fifo)) {
                mkfifo(fifo);
            }
        } catch (IOException e) {
            throw new TrapException("trap target " + vm + ": cannot create the log FIFO: " + e.getMessage(), e);
        }
        HmpClient hmp;
        try {
            hmp = new HmpClient(monitor, reply);
            String status = hmp.run("info status");
            if (!status.contains("VM status")) {
                hmp.close();
                throw new TrapException("trap target " + vm + ": " + monitor + " does not answer like a QEMU monitor: " + status.trim());
            }
        } catch (IOException e) {
            throw new TrapException("trap target " + vm + ": cannot use the monitor " + monitor + ": " + e.getMessage(), e);
        }
        TcgLogSession session = new TcgLogSession(vm, hmp, fifo, privateDir, entry, compat, blind, buffer, probe, vcpu, dedupe);
        session.start();
        return session;
    }

    private StaticEntries entries(String vm, Path vmlinux) throws TrapException {
        try {
            Path p = vmlinux.toAbsolutePath();
            Key k = new Key(p, Files.size(p), Files.getLastModifiedTime(p).toMillis());
            StaticEntries e = staticEntries.get(k);
            if (e == null) {
                e = StaticEntries.fromVmlinux(p);
                staticEntries.put(k, e);
            }
            return e;
        } catch (IOException e) {
            throw new TrapException("trap target " + vm + ": " + e.getMessage(), e);
        }
    }

    private static long address(String vm, String s) throws TrapException {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("0x")) {
            t = t.substring(2);
        }
        try {
            return Long.parseUnsignedLong(t, 16);
        } catch (NumberFormatException e) {
            throw new TrapException("trap target " + vm + ": '" + s + "' is not a hex address", e);
        }
    }

    private static int integer(String vm, Map<String, String> s, String key, int dflt) throws TrapException {
        String v = s.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1) {
                throw new NumberFormatException("must be >= 1");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new TrapException("trap target " + vm + ": " + key + ": '" + v + "' " + e.getMessage(), e);
        }
    }

    private static void mkfifo(Path fifo) throws IOException {
        Process p = new ProcessBuilder("mkfifo", "-m", "0600", fifo.toString()).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("mkfifo " + fifo + " failed: " + new String(p.getInputStream().readAllBytes()).trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
