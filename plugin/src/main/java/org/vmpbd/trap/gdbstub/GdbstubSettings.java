package org.vmpbd.trap.gdbstub;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import org.vmpbd.trap.TrapException;
import org.vmpbd.trap.TrapTarget;

/**
 * The gdbstub driver's settings of a {@link TrapTarget}.
 *
 * <table>
 * <caption>settings</caption>
 * <tr><td>endpoint</td><td>required: {@code unix:/path/sock} or {@code tcp:host:port} (QEMU {@code -gdb})</td></tr>
 * <tr><td>vmlinux</td><td>the guest kernel ELF with .BTF, for the guest profile (pid, tgid, comm)</td></tr>
 * <tr><td>profile</td><td>a guest profile JSON written before (instead of vmlinux)</td></tr>
 * <tr><td>entry</td><td>entry_SYSCALL_64's address (hex, from kallsyms); default: the IDT method</td></tr>
 * <tr><td>compat</td><td>also trap the 32-bit entries (int $0x80, sysenter, 32-bit syscall); default true</td></tr>
 * <tr><td>breakpoint</td><td>{@code hw} (default; Z1, KVM: debug registers) or {@code sw} (Z0, KVM: int3 in guest memory)</td></tr>
 * <tr><td>buffer</td><td>event buffer capacity; default 65536</td></tr>
 * <tr><td>reply-timeout-ms</td><td>the longest wait for any gdbstub reply; default 2000</td></tr>
 * <tr><td>probe-interval-ms</td><td>after this long without a stop the driver checks the stub is alive; default 1500</td></tr>
 * </table>
 * With the defaults a dead or silent QEMU is reported within 3.5 s.
 */
public record GdbstubSettings(RspEndpoint endpoint, Path vmlinux, Path profile, OptionalLong entry, boolean compat,
                              boolean hardwareBreakpoints, int buffer, Duration replyTimeout, Duration probeInterval) {

    public static GdbstubSettings of(TrapTarget target) throws TrapException {
        String vm = target.vm();
        try {
            RspEndpoint endpoint = RspEndpoint.parse(target.require("endpoint"));
            Path vmlinux = path(target, "vmlinux");
            Path profile = path(target, "profile");
            String e = target.settings().get("entry");
            OptionalLong entry = e == null || e.isBlank() ? OptionalLong.empty() : OptionalLong.of(parseAddress(e));
            boolean compat = bool(target, "compat", true);
            String bp = target.settings().getOrDefault("breakpoint", "hw");
            if (!bp.equals("hw") && !bp.equals("sw")) {
                throw new TrapException("trap target " + vm + ": breakpoint must be hw or sw, got '" + bp + "'");
            }
            int buffer = integer(target, "buffer", 65536, 1);
            Duration reply = Duration.ofMillis(integer(target, "reply-timeout-ms", 2000, 50));
            Duration probe = Duration.ofMillis(integer(target, "probe-interval-ms", 1500, 50));
            return new GdbstubSettings(endpoint, vmlinux, profile, entry, compat, bp.equals("hw"), buffer, reply, probe);
        } catch (IllegalArgumentException ex) {
            throw new TrapException("trap target " + vm + ": " + ex.getMessage(), ex);
        }
    }

    static long parseAddress(String s) {
        String t = s.trim().toLowerCase();
        if (t.startsWith("0x")) {
            t = t.substring(2);
        }
        try {
            return Long.parseUnsignedLong(t, 16);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("entry '" + s + "' is not a hex address", ex);
        }
    }

    private static Path path(TrapTarget t, String key) {
        String v = t.settings().get(key);
        return v == null || v.isBlank() ? null : Path.of(v);
    }

    private static boolean bool(TrapTarget t, String key, boolean dflt) {
        String v = t.settings().get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        if (v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes")) {
            return true;
        }
        if (v.equalsIgnoreCase("false") || v.equals("0") || v.equalsIgnoreCase("no")) {
            return false;
        }
        throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
    }

    private static int integer(TrapTarget t, String key, int dflt, int min) {
        String v = t.settings().get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min) {
                throw new IllegalArgumentException(key + " must be >= " + min + ", got " + n);
            }
            return n;
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(key + " is not a number: '" + v + "'", ex);
        }
    }
}
