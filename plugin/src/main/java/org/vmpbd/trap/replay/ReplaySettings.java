package org.vmpbd.trap.replay;

import java.nio.file.Path;
import java.util.Map;
import org.vmpbd.detect.abi.Abi;
import org.vmpbd.detect.abi.Abis;
import org.vmpbd.detect.trace.Traces;
import org.vmpbd.trap.TrapException;
import org.vmpbd.trap.TrapTarget;

/**
 * The replay driver's {@link TrapTarget} settings.
 *
 * @param path       trace file or directory (required)
 * @param format     {@code unm}, {@code adfa}, {@code adfa-recursive} or {@code events} (default events)
 * @param abi        numbering of the traces (default linux-x86_64)
 * @param rate       events per second; 0 (default) replays as fast as possible
 * @param buffer     event buffer capacity (default {@value #DEFAULT_BUFFER})
 * @param interleave true (default): round-robin bursts across running processes, like a guest's
 *                   scheduler; false: one process after another
 * @param loop       how many times the whole trace set is replayed (default 1)
 * @param burst      calls per process per turn when interleaving (default {@value #DEFAULT_BURST})
 * @param concurrent processes running at once when interleaving (default {@value #DEFAULT_CONCURRENT})
 */
public record ReplaySettings(Path path, String format, Abi abi, double rate, int buffer, boolean interleave, int loop,
                             int burst, int concurrent) {
    public static final int DEFAULT_BUFFER = 1 << 20;
    public static final int DEFAULT_BURST = 5;
    public static final int DEFAULT_CONCURRENT = 64;

    /** Reads and checks {@code target}'s settings; errors name the VM and the setting. */
    public static ReplaySettings parse(TrapTarget target) throws TrapException {
        Reader r = new Reader(target);
        String format = r.text("format", "events");
        if (!Traces.formats().contains(format)) {
            throw r.bad("format", format, "one of adfa, adfa-recursive, events, unm");
        }
        String abiName = r.text("abi", Abis.LINUX_X86_64);
        if (!Abis.names().contains(abiName)) {
            throw r.bad("abi", abiName, "one of " + String.join(", ", Abis.names()));
        }
        double rate = r.number("rate", 0);
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw r.bad("rate", String.valueOf(rate), "events per second, >= 0");
        }
        return new ReplaySettings(Path.of(target.require("path")), format, Abis.byName(abiName), rate,
            r.positive("buffer", DEFAULT_BUFFER), r.bool("interleave", true), r.positive("loop", 1),
            r.positive("burst", DEFAULT_BURST), r.positive("concurrent", DEFAULT_CONCURRENT));
    }

    /** Typed access to optional settings. */
    private record Reader(TrapTarget target) {
        Map<String, String> settings() {
            return target.settings();
        }

        String text(String key, String fallback) {
            String v = settings().get(key);
            return v == null || v.isBlank() ? fallback : v.strip();
        }

        double number(String key, double fallback) throws TrapException {
            String v = text(key, null);
            try {
                return v == null ? fallback : Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw bad(key, v, "a number");
            }
        }

        int positive(String key, int fallback) throws TrapException {
            String v = text(key, null);
            try {
                int n = v == null ? fallback : Integer.parseInt(v);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw bad(key, v, "an integer >= 1");
        }

        boolean bool(String key, boolean fallback) throws TrapException {
            String v = text(key, null);
            if (v == null) {
                return fallback;
            }
            return switch (v) {
                case "true" -> true;
                case "false" -> false;
                default -> throw bad(key, v, "true or false");
            };
        }

        TrapException bad(String key, String value, String expected) {
            return new TrapException("trap target " + target.vm() + ": setting '" + key + "' is '" + value
                + "', expected " + expected);
        }
    }
}
